package dev.signet.monitor.verify;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Decoding the fields of a signature response, each failure naming the field. */
final class Wire {

    private Wire() {
    }

    static String required(String value, String field) throws VerificationException {
        if (value == null || value.isEmpty()) {
            throw new VerificationException("the answer has no " + field);
        }
        return value;
    }

    static byte[] base64(String value, String field) throws VerificationException {
        try {
            return Base64.getDecoder().decode(required(value, field));
        } catch (IllegalArgumentException e) {
            throw new VerificationException(field + " is not base64: " + e.getMessage());
        }
    }

    /** Content signatures: base64url, padding optional (Autograph sends none). */
    static byte[] base64Url(String value, String field) throws VerificationException {
        try {
            return Base64.getUrlDecoder().decode(required(value, field));
        } catch (IllegalArgumentException e) {
            throw new VerificationException(field + " is not base64url: " + e.getMessage());
        }
    }

    /** {@code public_key}: standard base64 of a DER SubjectPublicKeyInfo (EC or RSA). */
    static PublicKey publicKey(String value) throws VerificationException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(base64(value, "public_key"));
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new VerificationException("public_key is not an EC or RSA SubjectPublicKeyInfo");
    }
}
