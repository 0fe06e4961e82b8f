package dev.signet.monitor.verify;

import dev.signet.model.signer.SignatureResponse;

/** Verifies one signer type's answer to the monitoring request. */
public interface ResponseVerifier {

    Verified verify(SignatureResponse response) throws VerificationException;
}
