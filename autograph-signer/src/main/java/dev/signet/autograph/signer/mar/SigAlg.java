package dev.signet.autograph.signer.mar;

/** MAR signature algorithm ids, as in the MAR format and Autograph's {@code sigalg} option. */
public enum SigAlg {
    RSA_PKCS1_SHA1(1, "SHA-1", "1.3.14.3.2.26", 20, 0),
    RSA_PKCS1_SHA384(2, "SHA-384", "2.16.840.1.101.3.4.2.2", 48, 0),
    ECDSA_P256_SHA256(3, "SHA-256", null, 32, 32),
    ECDSA_P384_SHA384(4, "SHA-384", null, 48, 48);

    final int id;
    final String digest;
    final String digestOid;
    final int digestLength;
    /** Bytes per coordinate of the raw r||s signature; 0 for RSA. */
    final int ecCoordinateLength;

    SigAlg(int id, String digest, String digestOid, int digestLength, int ecCoordinateLength) {
        this.id = id;
        this.digest = digest;
        this.digestOid = digestOid;
        this.digestLength = digestLength;
        this.ecCoordinateLength = ecCoordinateLength;
    }

    boolean isRsa() {
        return ecCoordinateLength == 0;
    }

    public int id() {
        return id;
    }

    static SigAlg byId(int id) {
        for (SigAlg a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown sigalg " + id + " (1 = RSA-PKCS1-SHA1, 2 = RSA-PKCS1-SHA384, "
                + "3 = ECDSA-P256-SHA256, 4 = ECDSA-P384-SHA384)");
    }
}
