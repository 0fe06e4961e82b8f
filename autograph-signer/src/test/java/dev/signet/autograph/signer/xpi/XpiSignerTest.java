package dev.signet.autograph.signer.xpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.PemKeySource;
import dev.signet.autograph.signer.SignerException;
import dev.signet.testing.cose.FirefoxCoseVerifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The xpi signer against real verifiers: openssl cms, jarsigner, and the manifest digests recomputed here. */
class XpiSignerTest {

    static final String ADDON_ID = "test-only@signet.example";
    static final KeySources KEYS = new KeySources(List.of(new PemKeySource(PemKeySource.softwareProvider("BC"))));
    static final XpiFactory FACTORY = new XpiFactory(new XpiFactory.Defaults(2, 1, 1000, 64L << 20),
            Clock.systemUTC());

    static XpiTestPki rsaPki;
    static XpiTestPki ecPki;
    static XpiSigner rsaSigner;
    static XpiSigner ecSigner;
    static final List<XpiSigner> OPENED = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        rsaPki = XpiTestPki.generate("rsa2048");
        ecPki = XpiTestPki.generate("p384");
        rsaSigner = signer("xpi-rsa", "add-on", rsaPki, null);
        ecSigner = signer("xpi-ec", "add-on", ecPki, null);
    }

    @AfterAll
    static void tearDown() {
        OPENED.forEach(XpiSigner::close);
    }

    static XpiSigner signer(String id, String mode, XpiTestPki pki, SignerEntry.Recommendation rec) {
        SignerEntry entry = new SignerEntry(id, "xpi", mode, pki.intermediateKeyPem(), null, pki.intermediatePem(),
                null, null, null, null, null, pki.rootPem(), null, null, null, null, null, rec, null);
        XpiSigner s = (XpiSigner) FACTORY.create(entry, KEYS);
        OPENED.add(s);
        return s;
    }

    static Map<String, Object> options(String digest, String... cose) {
        Map<String, Object> o = new HashMap<>();
        o.put("id", ADDON_ID);
        if (digest != null) {
            o.put("pkcs7_digest", digest);
        }
        if (cose.length > 0) {
            o.put("cose_algorithms", List.of(cose));
        }
        return o;
    }

    /** The fixture with stale signature files and a directory entry, which the signer must drop. */
    static byte[] unsignedXpi() {
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put("META-INF/", null);
        extra.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n\nName: evil\nSHA1-Digest: x\n\n".getBytes());
        extra.put("META-INF/mozilla.rsa", new byte[] {1, 2, 3});
        extra.put("META-INF/cose.sig", new byte[] {4});
        extra.put("META-INF/extra-notes.txt", "kept and signed".getBytes());
        return XpiFixtures.addon(extra);
    }

    @Test
    void rsaSignatureVerifiesWithOpensslAndJarsigner() throws Exception {
        byte[] signed = rsaSigner.signFile(unsignedXpi(), options("SHA256"));
        Map<String, byte[]> files = XpiFixtures.unzip(signed);
        List<String> names = new ArrayList<>(files.keySet());
        assertEquals(List.of("META-INF/manifest.mf", "META-INF/mozilla.sf", "META-INF/mozilla.rsa"),
                names.subList(names.size() - 3, names.size()), "signature files last, in Autograph's order");
        assertFalse(names.stream().anyMatch(n -> n.endsWith("/")), "no directory entries: " + names);
        assertFalse(names.contains("META-INF/MANIFEST.MF") || names.contains("META-INF/cose.sig"));
        assertTrue(names.contains("META-INF/extra-notes.txt"));

        ManifestCheck.assertDigestsMatch(files, files.get("META-INF/manifest.mf"));
        ManifestCheck.assertSignatureFile(files.get("META-INF/mozilla.sf"), files.get("META-INF/manifest.mf"));
        assertOpensslVerifies(files, rsaPki, true);
        assertJarsignerVerifies(signed, rsaPki, true);
        X509Certificate ee = endEntity(files.get("META-INF/mozilla.rsa"));
        assertEndEntity(ee, ADDON_ID, "Production", rsaPki);
        assertEquals(2048, ((RSAPublicKey) ee.getPublicKey()).getModulus().bitLength());
    }

    @Test
    void tamperedEntryOrSignatureFileFailsVerification() throws Exception {
        byte[] signed = rsaSigner.signFile(unsignedXpi(), options("SHA256"));
        Map<String, byte[]> files = XpiFixtures.unzip(signed);

        Map<String, byte[]> tampered = new LinkedHashMap<>(files);
        byte[] js = tampered.get("background.js").clone();
        js[3] ^= 1;
        tampered.put("background.js", js);
        assertThrows(AssertionError.class, () -> ManifestCheck.assertDigestsMatch(tampered,
                tampered.get("META-INF/manifest.mf")));
        assertJarsignerVerifies(XpiFixtures.zip(tampered), rsaPki, false);

        Map<String, byte[]> badManifest = new LinkedHashMap<>(files);
        byte[] mf = badManifest.get("META-INF/manifest.mf").clone();
        mf[mf.length - 10] ^= 1;
        badManifest.put("META-INF/manifest.mf", mf);
        assertJarsignerVerifies(XpiFixtures.zip(badManifest), rsaPki, false);

        Map<String, byte[]> badSf = new LinkedHashMap<>(files);
        byte[] sf = badSf.get("META-INF/mozilla.sf").clone();
        sf[sf.length - 5] ^= 1;
        badSf.put("META-INF/mozilla.sf", sf);
        assertOpensslVerifies(badSf, rsaPki, false);

        Map<String, byte[]> otherRoot = new LinkedHashMap<>(files);
        assertOpensslVerifies(otherRoot, XpiTestPki.generate("rsa2048"), false);
    }

    @Test
    void ecIssuerWithCoseSignatures() throws Exception {
        byte[] signed = ecSigner.signFile(unsignedXpi(), options("SHA1", "ES256", "ES384", "PS256"));
        Map<String, byte[]> files = XpiFixtures.unzip(signed);
        List<String> names = new ArrayList<>(files.keySet());
        assertEquals(List.of("META-INF/cose.manifest", "META-INF/cose.sig", "META-INF/manifest.mf",
                "META-INF/mozilla.sf", "META-INF/mozilla.rsa"), names.subList(names.size() - 5, names.size()));

        byte[] coseManifest = files.get("META-INF/cose.manifest");
        byte[] manifest = files.get("META-INF/manifest.mf");
        // The PKCS#7 manifest is the COSE manifest plus the two COSE files.
        assertTrue(new String(manifest, StandardCharsets.UTF_8).startsWith(
                new String(coseManifest, StandardCharsets.UTF_8)));
        String tail = new String(manifest, coseManifest.length, manifest.length - coseManifest.length,
                StandardCharsets.UTF_8);
        assertTrue(tail.startsWith("Name: META-INF/cose.manifest\n") && tail.contains("Name: META-INF/cose.sig\n"),
                tail);
        ManifestCheck.assertDigestsMatch(files, manifest);
        Map<String, byte[]> withoutCose = new LinkedHashMap<>(files);
        withoutCose.remove("META-INF/cose.manifest");
        withoutCose.remove("META-INF/cose.sig");
        ManifestCheck.assertDigestsMatch(withoutCose, coseManifest);

        List<X509Certificate> coseCerts = CoseVerifier.verify(files.get("META-INF/cose.sig"), coseManifest,
                ecPki.intermediate());
        assertEquals(3, coseCerts.size());
        for (X509Certificate c : coseCerts) {
            assertEndEntity(c, ADDON_ID, "Production", ecPki);
        }
        // What Firefox accepts: ECDSA only (a PS256 signature fails the add-on; AutographFixturesTest shows it).
        Map<String, byte[]> ecdsaOnly = XpiFixtures.unzip(ecSigner.signFile(unsignedXpi(),
                options("SHA256", "ES256", "ES384", "ES512")));
        List<FirefoxCoseVerifier.Verified> cose = FirefoxCoseVerifier.verifyAddon(ecdsaOnly, ecPki.root());
        assertEquals(List.of(-7, -35, -36), cose.stream().map(FirefoxCoseVerifier.Verified::algorithm).toList());
        byte[] tamperedManifest = ecdsaOnly.get("META-INF/cose.manifest").clone();
        tamperedManifest[20] ^= 1;
        assertThrows(GeneralSecurityException.class, () -> FirefoxCoseVerifier.verify(
                ecdsaOnly.get("META-INF/cose.sig"), tamperedManifest, ecPki.root()));
        assertThrows(GeneralSecurityException.class,
                () -> FirefoxCoseVerifier.verifyAddon(ecdsaOnly, XpiTestPki.generate("p384").root()));

        assertOpensslVerifies(files, ecPki, true);
        X509Certificate ee = endEntity(files.get("META-INF/mozilla.rsa"));
        assertEndEntity(ee, ADDON_ID, "Production", ecPki);
        assertEquals("EC", ee.getPublicKey().getAlgorithm());
    }

    @Test
    void signDataReturnsDetachedPkcs7OverTheSignatureFile() throws Exception {
        byte[] sf = "Signature-Version: 1.0\nSHA1-Digest-Manifest: AAAA\n\n".getBytes(StandardCharsets.US_ASCII);
        String b64 = rsaSigner.signData(sf, Map.of("id", ADDON_ID));
        Map<String, byte[]> files = Map.of("META-INF/mozilla.sf", sf, "META-INF/mozilla.rsa",
                Base64.getDecoder().decode(b64));
        assertOpensslVerifies(files, rsaPki, true);
        XpiFixtures.Result print = XpiFixtures.run(dir, "openssl", "cms", "-cmsout", "-print", "-inform", "DER",
                "-in", write(dir, "mozilla.rsa", files.get("META-INF/mozilla.rsa")).toString());
        assertEquals(0, print.exitCode(), print.output());
        assertTrue(print.output().contains("algorithm: sha1 "), "SHA1 is /sign/data's default");
        assertTrue(print.output().contains("sha1WithRSAEncryption"), print.output());

        SignerException noCose = assertThrows(SignerException.class,
                () -> rsaSigner.signData(sf, Map.of("id", ADDON_ID, "cose_algorithms", List.of("ES256"))));
        assertTrue(noCose.isBadInput());
    }

    @Test
    void modesSetOrganizationalUnitAndHotfixForcesTheCommonName() throws Exception {
        byte[] sf = "Signature-Version: 1.0\n\n".getBytes(StandardCharsets.US_ASCII);
        for (String[] c : new String[][] {{"extension", "Mozilla Extensions"}, {"system add-on", "Mozilla Components"}}) {
            XpiSigner s = signer("xpi-" + c[0].replace(' ', '-'), c[0], ecPki, null);
            X509Certificate ee = endEntity(Base64.getDecoder().decode(s.signData(sf, Map.of("id", "{abc}"))));
            assertEndEntity(ee, "{abc}", c[1], ecPki);
        }
        XpiSigner hotfix = signer("xpi-hotfix", "hotfix", ecPki, null);
        X509Certificate ee = endEntity(Base64.getDecoder().decode(hotfix.signData(sf, Map.of())));
        assertEndEntity(ee, "firefox-hotfix@mozilla.org", "Production", ecPki);
    }

    /**
     * RFC 3370/5754 and Autograph (Go's pkcs7): the SHA-1/SHA-256 digest AlgorithmIdentifiers carry no
     * parameters, not even NULL, in SignedData.digestAlgorithms and in the SignerInfo.
     */
    @Test
    void digestAlgorithmIdentifiersHaveNoParameters() throws Exception {
        byte[] sf = "Signature-Version: 1.0\n\n".getBytes(StandardCharsets.US_ASCII);
        for (XpiSigner s : List.of(rsaSigner, ecSigner)) {
            for (String digest : List.of("SHA1", "SHA256")) {
                byte[] der = Base64.getDecoder().decode(s.signData(sf, Map.of("id", ADDON_ID,
                        "pkcs7_digest", digest)));
                org.bouncycastle.asn1.cms.SignedData sd = org.bouncycastle.asn1.cms.SignedData.getInstance(
                        org.bouncycastle.asn1.cms.ContentInfo.getInstance(der).getContent());
                List<org.bouncycastle.asn1.x509.AlgorithmIdentifier> ids = new ArrayList<>();
                for (var e : sd.getDigestAlgorithms()) {
                    ids.add(org.bouncycastle.asn1.x509.AlgorithmIdentifier.getInstance(e));
                }
                ids.add(org.bouncycastle.asn1.cms.SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0))
                        .getDigestAlgorithm());
                assertEquals(2, ids.size());
                for (var id : ids) {
                    assertEquals(digest.equals("SHA1") ? "1.3.14.3.2.26" : "2.16.840.1.101.3.4.2.1",
                            id.getAlgorithm().getId());
                    assertNull(id.getParameters(), digest + " " + id.getAlgorithm() + " parameters");
                    assertEquals(2 + id.getAlgorithm().getEncoded().length, id.getEncoded("DER").length);
                }
            }
        }
    }

    /** Autograph re-marshals options into a Go struct: keys match case-insensitively, "ID" is id. */
    @Test
    void optionKeysMatchCaseInsensitivelyAsGoStructFields() throws Exception {
        byte[] sf = "Signature-Version: 1.0\n\n".getBytes(StandardCharsets.US_ASCII);
        Map<String, Object> goCase = new LinkedHashMap<>();
        goCase.put("ID", "{upper}");
        goCase.put("PKCS7_Digest", "SHA256");
        byte[] der = Base64.getDecoder().decode(ecSigner.signData(sf, goCase));
        assertEndEntity(endEntity(der), "{upper}", "Production", ecPki);
        assertEquals("2.16.840.1.101.3.4.2.1", org.bouncycastle.asn1.cms.SignerInfo.getInstance(
                org.bouncycastle.asn1.cms.SignedData.getInstance(org.bouncycastle.asn1.cms.ContentInfo
                        .getInstance(der).getContent()).getSignerInfos().getObjectAt(0)).getDigestAlgorithm()
                .getAlgorithm().getId());
        // Go marshals the map with its keys sorted ("ID" < "Id" < "id"), so the last in that order wins.
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("id", "{lower}");
        both.put("Id", "{mixed}");
        both.put("ID", "{upper}");
        assertEndEntity(endEntity(Base64.getDecoder().decode(ecSigner.signData(sf, both))), "{lower}",
                "Production", ecPki);
    }

    @Test
    void badOptionsAreClientErrors() {
        byte[] xpi = unsignedXpi();
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("options.id (the add-on id) is required", Map.of());
        cases.put("options.id must be printable ASCII", Map.of("id", "a b"));
        cases.put("options.id must be a string", Map.of("id", 42));
        cases.put("options.pkcs7_digest must be", Map.of("id", ADDON_ID, "pkcs7_digest", "MD5"));
        cases.put("unsupported algorithm \"RS256\"", Map.of("id", ADDON_ID, "cose_algorithms", List.of("RS256")));
        cases.put("ES256 listed twice", Map.of("id", ADDON_ID, "cose_algorithms", List.of("ES256", "es256")));
        cases.put("must be a list of strings", Map.of("id", ADDON_ID, "cose_algorithms", "ES256"));
        for (var c : cases.entrySet()) {
            SignerException e = assertThrows(SignerException.class, () -> ecSigner.signFile(xpi, c.getValue()));
            assertTrue(e.isBadInput(), c.getKey());
            assertTrue(e.getMessage().startsWith("xpi: ") && e.getMessage().contains(c.getKey()), e.getMessage());
        }
    }

    @Test
    void unsafeArchivesAreRefusedWithTheEntryNamed() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("../evil.js", "\"..\" path segments");
        cases.put("/etc/evil.js", "absolute names");
        cases.put("a\nName: x.js", "control character");
        cases.put("a\\b.js", "backslash");
        cases.put("a//b.js", "empty path segments");
        for (var c : cases.entrySet()) {
            byte[] xpi = XpiFixtures.zip(Map.of("manifest.json", "{}".getBytes(), c.getKey(), "x".getBytes()));
            SignerException e = assertThrows(SignerException.class, () -> ecSigner.signFile(xpi, options(null)));
            assertTrue(e.isBadInput() && e.getMessage().contains(c.getValue()), e.getMessage());
        }
        byte[] dup = XpiFixtures.zip(Map.of("a.js", "1".getBytes(), "b.js", "2".getBytes()));
        replaceAll(dup, "b.js", "a.js");
        SignerException e = assertThrows(SignerException.class, () -> ecSigner.signFile(dup, options(null)));
        assertTrue(e.getMessage().contains("xpi: entry a.js: duplicate name"), e.getMessage());

        e = assertThrows(SignerException.class, () -> ecSigner.signFile("not a zip".getBytes(), options(null)));
        assertTrue(e.isBadInput() && e.getMessage().startsWith("xpi: input is not a valid ZIP"), e.getMessage());

        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i <= 1000; i++) {
            many.put("f" + i, new byte[0]);
        }
        e = assertThrows(SignerException.class, () -> ecSigner.signFile(XpiFixtures.zip(many), options(null)));
        assertTrue(e.getMessage().contains("more than the limit of 1000"), e.getMessage());

        byte[] bomb = XpiFixtures.zip(Map.of("zeros.bin", new byte[(64 << 20) + 1]));
        e = assertThrows(SignerException.class, () -> ecSigner.signFile(bomb, options(null)));
        assertTrue(e.getMessage().contains("xpi: entry zeros.bin: archive expands beyond the limit"),
                e.getMessage());
    }

    @Test
    void corruptedEntryDataIsRefused() {
        byte[] xpi = XpiFixtures.zip(Map.of("a.txt", "hello hello hello hello".getBytes()));
        // Stored? ZipOutputStream deflates; flip a byte inside the compressed data of the only entry.
        xpi[30 + "a.txt".length() + 3] ^= 0x55;
        SignerException e = assertThrows(SignerException.class, () -> ecSigner.signFile(xpi, options(null)));
        assertTrue(e.isBadInput() && e.getMessage().startsWith("xpi: entry a.txt: "), e.getMessage());
    }

    @Test
    void recommendationFileIsGeneratedListedAndNeverTakenFromTheInput() throws Exception {
        var rec = new SignerEntry.Recommendation(null, Map.of("recommended", true, "line", true, "spotlight", false),
                "-1h", "26298h");
        XpiSigner s = signer("xpi-rec", "add-on-with-recommendation", ecPki, rec);
        byte[] input = XpiFixtures.addon(Map.of("mozilla-recommendation.json", "{\"forged\":true}".getBytes()));
        Map<String, Object> o = options("SHA256");
        o.put("recommendations", List.of("recommended"));
        Map<String, byte[]> files = XpiFixtures.unzip(s.signFile(input, o));
        String json = new String(files.get("mozilla-recommendation.json"), StandardCharsets.UTF_8);
        assertTrue(json.matches("\\{\"addon_id\":\"test-only@signet\\.example\",\"states\":\\[\"recommended\"\\],"
                + "\"validity\":\\{\"not_after\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\","
                + "\"not_before\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"\\},\"schema_version\":1\\}"), json);
        ManifestCheck.assertDigestsMatch(files, files.get("META-INF/manifest.mf"));
        assertOpensslVerifies(files, ecPki, true);

        o.put("recommendations", List.of("spotlight"));
        SignerException e = assertThrows(SignerException.class, () -> s.signFile(input, o));
        assertTrue(e.isBadInput() && e.getMessage().contains("\"spotlight\" is not allowed"), e.getMessage());
        o.remove("recommendations");
        e = assertThrows(SignerException.class, () -> s.signFile(input, o));
        assertTrue(e.getMessage().contains("at least one state"), e.getMessage());

        // A plain add-on signer with a recommendation path drops a smuggled file instead of signing it.
        XpiSigner plain = signer("xpi-plain", "add-on", ecPki,
                new SignerEntry.Recommendation("mozilla-recommendation.json", null, null, null));
        assertNull(XpiFixtures.unzip(plain.signFile(input, options(null))).get("mozilla-recommendation.json"));
    }

    @Test
    void expiredIntermediateKeepsSigningAsAutographDoes() throws Exception {
        XpiTestPki expired = XpiTestPki.generate("p256", Instant.now().minus(Duration.ofHours(1)));
        XpiSigner s = signer("xpi-expired", "add-on", expired, null);
        Map<String, byte[]> files = XpiFixtures.unzip(s.signFile(unsignedXpi(), options("SHA256")));
        X509Certificate ee = endEntity(files.get("META-INF/mozilla.rsa"));
        ee.checkValidity();
        ee.verify(expired.intermediate().getPublicKey());
        Pkcs7.verify(files.get("META-INF/mozilla.rsa"), files.get("META-INF/mozilla.sf"), ee);
    }

    @Test
    void concurrentSignaturesAreIndependent() throws Exception {
        byte[] xpi = unsignedXpi();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String id = "addon-" + i + "@signet.example";
                Map<String, Object> o = options("SHA256", i % 2 == 0 ? new String[] {"ES256"} : new String[0]);
                o.put("id", id);
                XpiSigner signer = i % 2 == 0 ? ecSigner : rsaSigner;
                results.add(pool.submit(() -> signer.signFile(xpi, o)));
            }
            Set<BigInteger> serials = new HashSet<>();
            for (int i = 0; i < results.size(); i++) {
                Map<String, byte[]> files = XpiFixtures.unzip(results.get(i).get());
                ManifestCheck.assertDigestsMatch(files, files.get("META-INF/manifest.mf"));
                X509Certificate ee = endEntity(files.get("META-INF/mozilla.rsa"));
                assertTrue(ee.getSubjectX500Principal().getName().startsWith("CN=addon-" + i + "@signet.example,"));
                Pkcs7.verify(files.get("META-INF/mozilla.rsa"), files.get("META-INF/mozilla.sf"), ee);
                assertTrue(serials.add(ee.getSerialNumber()), "serials are unique");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badConfigurationStopsStartupWithTheSignerNamed() {
        XpiTestPki other = XpiTestPki.generate("p256");
        Map<String, SignerEntry> cases = new LinkedHashMap<>();
        cases.put("mode \"addon\" is unknown", entry("addon", ecPki.intermediateKeyPem(), ecPki.intermediatePem(),
                null, null));
        cases.put("certificate does not match privatekey", entry("add-on", other.intermediateKeyPem(),
                ecPki.intermediatePem(), null, null));
        cases.put("not signed by cacert", entry("add-on", ecPki.intermediateKeyPem(), ecPki.intermediatePem(),
                other.rootPem(), null));
        cases.put("needs a recommendation block", entry("add-on-with-recommendation", ecPki.intermediateKeyPem(),
                ecPki.intermediatePem(), null, null));
        cases.put("privatekey: ", entry("add-on", "not-a-key", ecPki.intermediatePem(), null, null));
        for (var c : cases.entrySet()) {
            SignerConfigException e = assertThrows(SignerConfigException.class,
                    () -> FACTORY.create(c.getValue(), KEYS));
            assertTrue(e.getMessage().startsWith("signer \"bad\" (xpi): ") && e.getMessage().contains(c.getKey()),
                    e.getMessage());
        }
    }

    private static SignerEntry entry(String mode, String key, String cert, String cacert,
            SignerEntry.Recommendation rec) {
        return new SignerEntry("bad", "xpi", mode, key, null, cert, null, null, null, null, null, cacert, null, null,
                null, null, null, rec, null);
    }

    // --- verifiers ---

    static Path write(Path dir, String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    void assertOpensslVerifies(Map<String, byte[]> files, XpiTestPki pki, boolean expectValid) throws Exception {
        Path sf = write(dir, "mozilla.sf", files.get("META-INF/mozilla.sf"));
        Path rsa = write(dir, "mozilla.rsa", files.get("META-INF/mozilla.rsa"));
        Path root = write(dir, "root.pem", pki.rootPem().getBytes(StandardCharsets.US_ASCII));
        XpiFixtures.Result r = XpiFixtures.run(dir, "openssl", "cms", "-verify", "-binary", "-content", sf.toString(),
                "-inform", "DER", "-in", rsa.toString(), "-CAfile", root.toString(), "-purpose", "any",
                "-out", "/dev/null");
        assertEquals(expectValid, r.exitCode() == 0, "openssl cms -verify: " + r.output());
    }

    /**
     * jarsigner on the XPI exactly as signed (it finds the lower-case mozilla.sf/mozilla.rsa by itself), with the test
     * root as its only trust anchor and -strict. It verifies the PKCS#7 signature, the chain, the per-entry sections
     * of mozilla.sf against the manifest and every entry against the manifest. The only flag left is 32: the
     * per-signature end-entity certificate is never a keystore alias.
     */
    void assertJarsignerVerifies(byte[] signed, XpiTestPki pki, boolean expectValid) throws Exception {
        XpiFixtures.assertJarsignerVerifies(dir, write(dir, "signed.xpi", signed), pki.root(), expectValid);
    }

    static X509Certificate endEntity(byte[] pkcs7) throws Exception {
        return Pkcs7Certificates.signer(pkcs7);
    }

    static void assertEndEntity(X509Certificate ee, String cn, String ou, XpiTestPki pki) throws Exception {
        Map<String, String> rdns = new HashMap<>();
        for (Rdn rdn : new LdapName(ee.getSubjectX500Principal().getName()).getRdns()) {
            rdns.put(rdn.getType(), rdn.getValue().toString());
        }
        assertEquals(Map.of("CN", cn, "OU", ou, "O", "Addons", "L", "Mountain View", "ST", "CA", "C", "US"), rdns);
        byte[] d = MessageDigest.getInstance("SHA-256").digest(cn.getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(d);
        Collection<List<?>> sans = ee.getSubjectAlternativeNames();
        assertEquals(List.of(List.of(2, hex.substring(0, 32) + "." + hex.substring(32) + ".addons.mozilla.org")),
                new ArrayList<>(sans));
        assertTrue(ee.getKeyUsage()[0], "digitalSignature");
        assertEquals(List.of("1.3.6.1.5.5.7.3.3"), ee.getExtendedKeyUsage());
        assertTrue(ee.getCriticalExtensionOIDs().contains("2.5.29.15"), "key usage critical");
        assertFalse(ee.getNotAfter().after(pki.intermediate().getNotAfter()), "EE never outlives its issuer");
        ee.checkValidity();
        ee.verify(pki.intermediate().getPublicKey());
    }

    private static void replaceAll(byte[] haystack, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + f.length <= haystack.length; i++) {
            boolean match = true;
            for (int j = 0; j < f.length && match; j++) {
                match = haystack[i + j] == f[j];
            }
            if (match) {
                System.arraycopy(t, 0, haystack, i, t.length);
            }
        }
    }
}
