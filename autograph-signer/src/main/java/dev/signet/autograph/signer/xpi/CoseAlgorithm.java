package dev.signet.autograph.signer.xpi;

import java.util.Locale;
import java.util.Optional;

/** The {@code cose_algorithms} Firefox accepts, with their IANA ids and end-entity key types. */
enum CoseAlgorithm {
    ES256(-7, "SHA256withECDSA", "secp256r1", 32),
    ES384(-35, "SHA384withECDSA", "secp384r1", 48),
    ES512(-36, "SHA512withECDSA", "secp521r1", 66),
    PS256(-37, "RSASSA-PSS", null, 0);

    final int id;
    final String jcaAlgorithm;
    final String curve;
    /** Length of r and of s in the raw ECDSA signature. */
    final int fieldBytes;

    CoseAlgorithm(int id, String jcaAlgorithm, String curve, int fieldBytes) {
        this.id = id;
        this.jcaAlgorithm = jcaAlgorithm;
        this.curve = curve;
        this.fieldBytes = fieldBytes;
    }

    static Optional<CoseAlgorithm> parse(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** ES* use their curve; PS256 uses RSA of the issuer's size, at least 2048 bits (as Autograph). */
    KeySpec keySpec(KeySpec issuer) {
        if (curve != null) {
            return KeySpec.ec(curve);
        }
        return KeySpec.rsa(issuer.isRsa() ? Math.max(KeySpec.MIN_RSA_BITS, issuer.rsaBits()) : KeySpec.MIN_RSA_BITS);
    }
}
