package dev.signet.autograph.signer.gpg2;

import dev.signet.autograph.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyEncryptorBuilder;

/** A TEST-ONLY OpenPGP key generated per run (RSA-3072, certify+sign); it is trusted by nothing. */
public record TestOpenPgp(String armoredSecret, String armoredPublic, byte[] binaryPublic, String fingerprint,
        String passphrase) {

    public static TestOpenPgp generate(String passphrase) {
        try {
            BouncyCastleProvider bc = new BouncyCastleProvider();
            PGPKeyPair pair = new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL,
                    TestKeys.rsa(3072), new Date(System.currentTimeMillis() - 60_000));
            PGPDigestCalculator sha1 = new JcaPGPDigestCalculatorProviderBuilder().setProvider(bc).build()
                    .get(HashAlgorithmTags.SHA1);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            PGPKeyRingGenerator gen = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair,
                    "Signet TEST-ONLY key <test-only@signet.invalid>", sha1, hashed.generate(), null,
                    new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256)
                            .setProvider(bc),
                    new JcePBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha1).setProvider(bc)
                            .build(passphrase.toCharArray()));
            byte[] pub = gen.generatePublicKeyRing().getEncoded();
            return new TestOpenPgp(armor(gen.generateSecretKeyRing().getEncoded()), armor(pub), pub,
                    HexFormat.of().formatHex(pair.getPublicKey().getFingerprint()).toUpperCase(Locale.ROOT),
                    passphrase);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String armor(byte[] binary) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream a = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            a.write(binary);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
