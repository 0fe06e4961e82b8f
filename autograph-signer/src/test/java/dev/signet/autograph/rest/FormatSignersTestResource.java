package dev.signet.autograph.rest;

import dev.signet.autograph.TempDirs;
import dev.signet.autograph.TestKeys;
import dev.signet.autograph.TestPki;
import dev.signet.autograph.signer.gpg2.TestOpenPgp;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TEST-ONLY signer YAML with one signer of each file format (gpg2, debsign, mar, apk2, authenticode), keys and
 * certificates generated at test start; they grant nothing. Shares its state with the test through statics.
 */
public class FormatSignersTestResource implements QuarkusTestResourceLifecycleManager {

    static final String GPG = "randompgp";
    static final String DEBSIGN = "randompgp-debsign";
    static final String MAR = "testmar";
    static final String APK = "testapp-android";
    static final String AUTHENTICODE = "testauthenticode-pe";
    static TestOpenPgp pgp;
    static String codeSigningCert;

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("format-signers-test");
            pgp = TestOpenPgp.generate("test-only");
            KeyPair rsa = TestKeys.rsa(2048);
            codeSigningCert = TestPki.pem(selfSigned(rsa));
            String yaml = "# TEST-ONLY configuration; the keys grant nothing.\nsigners:\n"
                    + gpg(GPG, "gpg2") + gpg(DEBSIGN, "debsign")
                    + "  - id: " + MAR + "\n    type: mar\n    privatekey: |\n"
                    + TestKeys.indent(TestKeys.pkcs8Pem(TestKeys.ec("secp384r1")), 6)
                    + "  - id: " + APK + "\n    type: apk2\n    mode: v3enabled\n    privatekey: |\n"
                    + TestKeys.indent(TestKeys.pkcs8Pem(rsa), 6)
                    + "    certificate: |\n" + TestKeys.indent(codeSigningCert, 6)
                    + "  - id: " + AUTHENTICODE + "\n    type: authenticode\n    privatekey: |\n"
                    + TestKeys.indent(TestKeys.traditionalPem(rsa), 6)
                    + "    certificate: |\n" + TestKeys.indent(codeSigningCert, 6)
                    + "authorizations:\n  - id: alice\n    key: "
                    + new String(TestKeys.ALICE.key(), StandardCharsets.UTF_8) + "\n"
                    + "    signers: [" + GPG + ", " + DEBSIGN + ", " + MAR + ", " + APK + ", " + AUTHENTICODE + "]\n"
                    + "monitoring:\n  key: " + new String(TestKeys.MONITOR.key(), StandardCharsets.UTF_8) + "\n";
            Path file = Files.writeString(dir.resolve("signer.yaml"), yaml);
            return Map.of("signer.config-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String gpg(String id, String mode) {
        return "  - id: " + id + "\n    type: gpg2\n    mode: " + mode + "\n    keyid: \"" + pgp.fingerprint()
                + "\"\n    passphrase: test-only\n    privatekey: |\n" + TestKeys.indent(pgp.armoredSecret(), 6)
                + "    publickey: |\n" + TestKeys.indent(pgp.armoredPublic(), 6);
    }

    private static java.security.cert.X509Certificate selfSigned(KeyPair kp) {
        try {
            Instant now = Instant.now();
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    new X500Name("CN=Signet TEST-ONLY code signer"), BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                    new X500Name("CN=Signet TEST-ONLY code signer"), kp.getPublic())
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        TempDirs.deleteQuietly(dir);
    }
}
