package dev.signet.autograph.signer.apk2;

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
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Apk2SignerTest {

    static final String MARKER = "TEST-ONLY asset content that the tamper test flips";

    @TempDir
    Path tmp;

    /** TEST-ONLY self-signed signing certificate, as Android apps use. */
    static X509Certificate selfSigned(KeyPair kp) throws Exception {
        Instant now = Instant.now();
        String alg = kp.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=Signet TEST-ONLY apk"), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=Signet TEST-ONLY apk"), kp.getPublic())
                .build(new JcaContentSignerBuilder(alg).build(kp.getPrivate())));
    }

    /** An unsigned APK: binary manifest, a deflated classes.dex and a stored asset. */
    static byte[] unsignedApk() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("AndroidManifest.xml"));
            zip.write(MinimalApk.binaryManifest());
            zip.putNextEntry(new ZipEntry("classes.dex"));
            zip.write("dex\n035\0 TEST-ONLY stand-in".repeat(50).getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        byte[] withDex = out.toByteArray();
        // Append a stored entry by rebuilding with MinimalApk's stored writer for the asset.
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(withDex))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.getName().equals("AndroidManifest.xml")) {
                    files.put(e.getName(), in.readAllBytes());
                }
            }
        }
        files.put("assets/hello.txt", MARKER.getBytes(StandardCharsets.US_ASCII));
        return MinimalApk.build(files);
    }

    static Apk2Signer signer(KeyPair kp, String mode) throws Exception {
        return new Apk2Signer("apk", new SigningKey(kp.getPrivate(), kp.getPublic(), null), selfSigned(kp),
                Apk2Options.parse(mode));
    }

    /**
     * Our minimal manifest declares no minSdkVersion (API 1). ECDSA JAR signatures need API 18, which a real
     * ECDSA-signed app declares in its manifest; here it is given to apksigner instead.
     */
    ExternalTool.Result apksignerVerify(byte[] apk, String name, boolean ecdsa) throws Exception {
        String apksigner = ExternalTool.require("apksigner", "apksigner");
        Path file = Files.write(tmp.resolve(name), apk);
        List<String> cmd = new java.util.ArrayList<>(List.of(apksigner, "verify", "--verbose"));
        if (ecdsa) {
            cmd.addAll(List.of("--min-sdk-version", "18"));
        }
        cmd.add(file.toString());
        return ExternalTool.run(cmd);
    }

    @ParameterizedTest
    @CsvSource({"RSA, ''", "RSA, v3enabled", "secp256r1, ''", "secp256r1, v3enabled"})
    void signedApkVerifiesWithApksignerAndTamperedFails(String keyType, String mode) throws Exception {
        KeyPair kp = keyType.equals("RSA") ? TestKeys.rsa(2048) : TestKeys.ec(keyType);
        Apk2Signer s = signer(kp, mode);
        assertEquals(mode, s.mode());
        byte[] signed = s.signFile(unsignedApk(), Map.of());

        ExternalTool.Result r = apksignerVerify(signed, "signed.apk", !keyType.equals("RSA"));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Verified using v1 scheme (JAR signing): true"), r.output());
        assertTrue(r.output().contains("Verified using v2 scheme (APK Signature Scheme v2): true"), r.output());
        assertTrue(r.output().contains("Verified using v3 scheme (APK Signature Scheme v3): "
                + !mode.isEmpty()), r.output());

        byte[] tampered = signed.clone();
        int at = new String(signed, StandardCharsets.ISO_8859_1).indexOf(MARKER);
        assertTrue(at > 0);
        tampered[at] ^= 1;
        ExternalTool.Result bad = apksignerVerify(tampered, "tampered.apk", !keyType.equals("RSA"));
        assertNotEquals(0, bad.exitCode(), bad.output());
    }

    @Test
    void reSigningAnAlreadySignedApkVerifies() throws Exception {
        KeyPair kp = TestKeys.rsa(2048);
        byte[] once = signer(TestKeys.rsa(2048), "").signFile(unsignedApk(), Map.of());
        byte[] twice = signer(kp, "").signFile(once, Map.of());
        ExternalTool.Result r = apksignerVerify(twice, "twice.apk", false);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Number of signers: 1"), r.output());
    }

    @Test
    void refusesNonApksAndBadConfiguration() throws Exception {
        Apk2Signer s = signer(TestKeys.rsa(2048), "");
        SignerException e = assertThrows(SignerException.class,
                () -> s.signFile("not a zip".getBytes(StandardCharsets.US_ASCII), Map.of()));
        assertTrue(e.isBadInput(), e.getMessage());

        Apk2Factory f = new Apk2Factory();
        KeySources keys = new KeySources(List.of(new PemKeySource((java.security.Provider) null)));
        KeyPair kp = TestKeys.rsa(2048);
        String cert = TestPki.pem(selfSigned(kp));
        assertRefused(f, keys, entry(TestKeys.pkcs8Pem(kp), null, ""), "certificate is required");
        assertRefused(f, keys, entry(TestKeys.pkcs8Pem(TestKeys.rsa(2048)), cert, ""), "does not match");
        assertRefused(f, keys, entry(TestKeys.pkcs8Pem(kp), cert, "v4"), "unknown mode");
        assertEquals("v3enabled", f.create(entry(TestKeys.pkcs8Pem(kp), cert, "v3enabled"), keys).mode());
    }

    static SignerEntry entry(String key, String cert, String mode) {
        return new SignerEntry("a", "apk2", mode, key, null, cert, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    static void assertRefused(Apk2Factory f, KeySources keys, SignerEntry entry, String message) {
        SignerConfigException e = assertThrows(SignerConfigException.class, () -> f.create(entry, keys));
        assertTrue(e.getMessage().startsWith("signer \"a\" (apk2): "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
