package dev.signet.autograph.signer;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/** What every signer exposes for the response envelope; capabilities are the sub-interfaces. */
public interface Signer {

    String id();

    /** Autograph's signer type, e.g. {@code contentsignature}. */
    String type();

    String mode();

    /** Standard base64 of the DER SubjectPublicKeyInfo, or "" when the signer has none to publish. */
    String publicKey();

    /** The certificate chain URL, or null. */
    default String x5u() {
        return null;
    }

    /** Options the monitor signs with (Autograph's {@code GetDefaultOptions}); most signers need none. */
    default Map<String, Object> defaultOptions() {
        return Map.of();
    }

    /** Echoed as {@code signer_opts}, or null. */
    default Map<String, Object> signerOpts() {
        return null;
    }

    /**
     * The certificates this signer's signatures stop being valid without (their expiry is monitored); empty for
     * a signer with a bare key.
     */
    default List<X509Certificate> certificates() {
        return List.of();
    }
}
