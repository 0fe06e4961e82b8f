package dev.signet.autograph.signer.contentsignature;

import java.security.interfaces.ECPublicKey;

/** The content-signature mode follows from the key's curve. */
public enum ContentSignatureMode {
    P256("p256ecdsa", "SHA-256", 32),
    P384("p384ecdsa", "SHA-384", 48),
    P521("p521ecdsa", "SHA-512", 66);

    private final String wireName;
    private final String hash;
    private final int fieldBytes;

    ContentSignatureMode(String wireName, String hash, int fieldBytes) {
        this.wireName = wireName;
        this.hash = hash;
        this.fieldBytes = fieldBytes;
    }

    public static ContentSignatureMode of(ECPublicKey key) {
        int bits = key.getParams().getCurve().getField().getFieldSize();
        return switch (bits) {
            case 256 -> P256;
            case 384 -> P384;
            case 521 -> P521;
            default -> throw new IllegalArgumentException("unsupported curve of " + bits
                    + " bits (P-256, P-384 or P-521 required)");
        };
    }

    public String wireName() {
        return wireName;
    }

    public String hash() {
        return hash;
    }

    /** Bytes of r (and of s) in the P1363 encoding. */
    public int fieldBytes() {
        return fieldBytes;
    }

    public int digestBytes() {
        return switch (this) {
            case P256 -> 32;
            case P384 -> 48;
            case P521 -> 64;
        };
    }
}
