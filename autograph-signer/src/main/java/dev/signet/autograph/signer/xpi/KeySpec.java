package dev.signet.autograph.signer.xpi;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * The type of an end-entity key: RSA of a size or ECDSA on a named curve. Keys are generated with the JCA's
 * preferred provider, so a faster provider installed first (e.g. AWS-LC) is picked up without code changes.
 */
record KeySpec(int rsaBits, String curve) {

    static final int MIN_RSA_BITS = 2048;

    static KeySpec rsa(int bits) {
        return new KeySpec(bits, null);
    }

    static KeySpec ec(String curve) {
        return new KeySpec(0, curve);
    }

    /** The spec of a key like {@code issuer}: RSA of the same size or the same curve. */
    static KeySpec matching(PublicKey issuer) throws GeneralSecurityException {
        if (issuer instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new GeneralSecurityException("issuer RSA key must be at least " + MIN_RSA_BITS + " bits, got "
                        + bits);
            }
            return rsa(bits);
        }
        if (issuer instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (bits) {
                case 256 -> ec("secp256r1");
                case 384 -> ec("secp384r1");
                case 521 -> ec("secp521r1");
                default -> throw new GeneralSecurityException("issuer EC key must be on P-256, P-384 or P-521");
            };
        }
        throw new GeneralSecurityException("issuer key must be RSA or ECDSA, got " + issuer.getAlgorithm());
    }

    boolean isRsa() {
        return curve == null;
    }

    KeyPair generate() throws GeneralSecurityException {
        if (isRsa()) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(rsaBits);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    @Override
    public String toString() {
        return isRsa() ? "rsa" + rsaBits : curve;
    }
}
