package dev.signet.monitor.verify;

import dev.signet.model.signer.SignatureResponse;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * {@code mar}: the monitoring input signed as a MAR signable block with the key's default algorithm (RSA:
 * PKCS#1 v1.5 SHA-384; P-256: ECDSA SHA-256; P-384: ECDSA SHA-384, r‖s), checked with {@code public_key}.
 */
public final class MarVerifier implements ResponseVerifier {

    private final byte[] input;

    public MarVerifier(byte[] input) {
        this.input = input.clone();
    }

    @Override
    public Verified verify(SignatureResponse r) throws VerificationException {
        PublicKey key = Wire.publicKey(r.publicKey());
        byte[] signature = Wire.base64(r.signature(), "signature");
        String algorithm = algorithm(key);
        if (!Signatures.verifies(algorithm, null, key, input, signature)) {
            throw new VerificationException("the MAR signature does not verify with public_key (" + algorithm + ")");
        }
        return new Verified("MAR signature (" + algorithm + ") verified with public_key", null);
    }

    private static String algorithm(PublicKey key) throws VerificationException {
        if (key instanceof RSAPublicKey) {
            return "SHA384withRSA";
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits == 256) {
                return "SHA256withECDSAinP1363Format";
            }
            if (bits == 384) {
                return "SHA384withECDSAinP1363Format";
            }
            throw new VerificationException("public_key is a " + bits + "-bit EC key; MAR signs with P-256 or P-384");
        }
        throw new VerificationException("public_key is neither RSA nor EC");
    }
}
