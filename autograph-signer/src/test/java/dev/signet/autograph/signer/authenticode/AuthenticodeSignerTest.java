package dev.signet.autograph.signer.authenticode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.ExternalTool;
import dev.signet.autograph.TestKeys;
import dev.signet.autograph.TestPki;
import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.PemKeySource;
import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.SignerException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticodeSignerTest {

    static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    static KeyPair rootKey;
    static X509Certificate root;
    static KeyPair interKey;
    static X509Certificate inter;

    @TempDir
    Path tmp;

    /** A TEST-ONLY code-signing PKI: RSA root and intermediate, generated per run; it certifies nothing. */
    @BeforeAll
    static void pki() throws Exception {
        rootKey = TestKeys.rsa(2048);
        root = cert("CN=Signet TEST-ONLY code signing root", rootKey, "CN=Signet TEST-ONLY code signing root",
                rootKey, 1);
        interKey = TestKeys.rsa(2048);
        inter = cert("CN=Signet TEST-ONLY code signing intermediate", interKey,
                "CN=Signet TEST-ONLY code signing root", rootKey, 0);
    }

    static X509Certificate cert(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, int pathLen)
            throws Exception {
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name(subject), subjectKey.getPublic());
        if (pathLen >= 0) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())));
    }

    static X509Certificate leaf(KeyPair kp) throws Exception {
        return cert("CN=Signet TEST-ONLY code signer", kp, "CN=Signet TEST-ONLY code signing intermediate",
                interKey, -1);
    }

    ExternalTool.Result osslVerify(byte[] pe, String name) throws Exception {
        String ossl = ExternalTool.require("osslsigncode", "osslsigncode");
        Path file = Files.write(tmp.resolve(name), pe);
        Path ca = Files.writeString(tmp.resolve("root.pem"), TestPki.pem(root));
        return ExternalTool.run(List.of(ossl, "verify", "-CAfile", ca.toString(), "-in", file.toString()));
    }

    @ParameterizedTest
    @CsvSource({"RSA, BC, sha256", "RSA, JDK, sha384", "secp256r1, BC, sha256"})
    void signedPeVerifiesWithOsslsigncodeAndTamperedFails(String keyType, String provider, String digest)
            throws Exception {
        KeyPair kp = keyType.equals("RSA") ? TestKeys.rsa(2048) : TestKeys.ec(keyType);
        Provider p = PemKeySource.softwareProvider(provider);
        AuthenticodeSigner s = new AuthenticodeSigner("ac", new SigningKey(kp.getPrivate(), kp.getPublic(), p),
                List.of(leaf(kp), inter));
        byte[] unsigned = AuthenticodeSigner.unsignedTestPe();
        byte[] signed = s.signFile(unsigned, Map.of("digest", digest, "program_name", "Signet TEST-ONLY"));
        ExternalTool.Result ok = osslVerify(signed, "signed.exe");
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("Signature verification: ok"), ok.output());
        assertTrue(ok.output().contains("Signet TEST-ONLY code signer"), ok.output());

        // Re-signing replaces the signature instead of adding one.
        ExternalTool.Result again = osslVerify(s.signFile(signed, Map.of()), "resigned.exe");
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("Number of verified signatures: 1"), again.output());

        byte[] tampered = signed.clone();
        tampered[MinimalPe.FILE_ALIGNMENT + 3] ^= 1;
        ExternalTool.Result bad = osslVerify(tampered, "tampered.exe");
        assertNotEquals(0, bad.exitCode(), bad.output());
    }

    @Test
    void refusesNonPeInputAndBadConfiguration() throws Exception {
        KeyPair kp = TestKeys.rsa(2048);
        AuthenticodeSigner s = new AuthenticodeSigner("ac", new SigningKey(kp.getPrivate(), kp.getPublic(), null),
                List.of(leaf(kp)));
        assertBadInput(() -> s.signFile("not a PE file at all, just some text padding....".getBytes(
                StandardCharsets.US_ASCII), Map.of()));
        byte[] broken = AuthenticodeSigner.unsignedTestPe();
        broken[0x80] = 'X';
        assertBadInput(() -> s.signFile(broken, Map.of()));
        assertBadInput(() -> s.signFile(AuthenticodeSigner.unsignedTestPe(), Map.of("digest", "md5")));
        assertBadInput(() -> s.signFile(AuthenticodeSigner.unsignedTestPe(), Map.of("program_url", "javascript:x")));

        AuthenticodeFactory f = new AuthenticodeFactory();
        KeySources keys = new KeySources(List.of(new PemKeySource((Provider) null)));
        String chain = TestPki.pem(leaf(kp)) + TestPki.pem(inter);
        assertRefused(f, keys, entry(TestKeys.pkcs8Pem(kp), null), "certificate is required");
        assertRefused(f, keys, entry(TestKeys.pkcs8Pem(TestKeys.rsa(2048)), chain), "does not match");
        assertRefused(f, keys, entry(TestKeys.pkcs8Pem(kp), TestPki.pem(inter) + TestPki.pem(leaf(kp))),
                "does not match");
        assertEquals("ac", f.create(entry(TestKeys.pkcs8Pem(kp), chain), keys).id());
    }

    static SignerEntry entry(String key, String cert) {
        return new SignerEntry("ac", "authenticode", null, key, null, cert, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    interface Call {
        void run() throws SignerException;
    }

    static void assertBadInput(Call call) {
        SignerException e = assertThrows(SignerException.class, call::run);
        assertTrue(e.isBadInput(), e.getMessage());
    }

    static void assertRefused(AuthenticodeFactory f, KeySources keys, SignerEntry entry, String message) {
        SignerConfigException e = assertThrows(SignerConfigException.class, () -> f.create(entry, keys));
        assertTrue(e.getMessage().startsWith("signer \"ac\" (authenticode): "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
