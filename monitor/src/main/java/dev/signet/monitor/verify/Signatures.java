package dev.signet.monitor.verify;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;

/** One JDK signature check; a malformed signature is one that does not verify. */
final class Signatures {

    private Signatures() {
    }

    static boolean verifies(String algorithm, AlgorithmParameterSpec params, PublicKey key, byte[] data,
            byte[] signature) throws VerificationException {
        try {
            Signature s = Signature.getInstance(algorithm);
            if (params != null) {
                s.setParameter(params);
            }
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // a malformed signature: it does not verify
        } catch (java.security.InvalidKeyException e) {
            throw new VerificationException("the key does not fit " + algorithm + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new VerificationException(algorithm + ": " + e.getMessage());
        }
    }
}
