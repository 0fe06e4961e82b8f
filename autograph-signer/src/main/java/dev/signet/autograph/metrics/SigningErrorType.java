package dev.signet.autograph.metrics;

import dev.signet.autograph.auth.AuthException;
import dev.signet.autograph.rest.ApiException;
import dev.signet.autograph.signer.SignerException;

/** The {@code type} tag of {@code signet_signer_errors_total}: a fixed set, so the series stay bounded. */
public enum SigningErrorType {
    /** The request was invalid (answered 4xx): missing input, a signer without the capability, bad options. */
    BAD_REQUEST("bad_request"),
    /** The caller may not use the requested signer, or the signer id is not configured. */
    UNAUTHORIZED("unauthorized"),
    /** The signer could not sign a valid request (answered 500): key, HSM or format failure. */
    SIGNER_FAILURE("signer_failure"),
    /** Anything else: a bug. */
    UNEXPECTED("unexpected");

    private final String tag;

    SigningErrorType(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static SigningErrorType of(Throwable e) {
        if (e instanceof AuthException) {
            return UNAUTHORIZED;
        }
        if (e instanceof ApiException api) {
            return api.status() < 500 ? BAD_REQUEST : UNEXPECTED;
        }
        if (e instanceof SignerException s) {
            return s.isBadInput() ? BAD_REQUEST : SIGNER_FAILURE;
        }
        return UNEXPECTED;
    }
}
