package dev.signet.autograph.signer.xpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.cose.CborValue;
import dev.signet.testing.cose.FirefoxCoseVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * XPIs signed by Autograph itself (see src/test/resources/autograph-fixtures/README.md for how they were made) must
 * verify with our verifiers and with the one written from Firefox's algorithm; and what our signer makes of the same
 * unsigned add-on must have the same structure, byte for byte where no key or certificate is involved. A verifier
 * that encoded the Sig_structure as RFC 8152 does (an empty byte string for external_aad) refuses every fixture, so
 * the fixtures tell the two encodings apart.
 */
class AutographFixturesTest {

    private static final String ID = "test-only@signet.example";

    /** Each fixture: the Autograph signer, root, COSE algorithms and PKCS#7 digest it was signed with. */
    enum Fixture {
        ECDSA_ES256_PK7SHA256("ecdsa-es256-pk7sha256.xpi", "unsigned.xpi", "dev-ext-ecdsa-root.pem", List.of(-7),
                "SHA256"),
        RSA_PS256_ES256_PK7SHA1("rsa-ps256-es256-pk7sha1.xpi", "unsigned.xpi", "dev-webext-rsa-root.pem",
                List.of(-37, -7), "SHA1"),
        RSA_ES384_PK7SHA256("rsa-es384-pk7sha256.xpi", "unsigned.xpi", "dev-webext-rsa-root.pem", List.of(-35),
                "SHA256"),
        /** A 198-byte name whose manifest line wraps inside a UTF-8 sequence. */
        SPLIT_UTF8_NAME("ecdsa-es256-pk7sha256-split-utf8.xpi", "unsigned-split-utf8.xpi", "dev-ext-ecdsa-root.pem",
                List.of(-7), "SHA256");

        final String file;
        final String unsigned;
        final String root;
        final List<Integer> algorithms;
        final String pkcs7Digest;

        Fixture(String file, String unsigned, String root, List<Integer> algorithms, String pkcs7Digest) {
            this.file = file;
            this.unsigned = unsigned;
            this.root = root;
            this.algorithms = algorithms;
            this.pkcs7Digest = pkcs7Digest;
        }

        Map<String, byte[]> files() {
            return XpiFixtures.unzip(resource(file));
        }

        X509Certificate rootCertificate() throws GeneralSecurityException {
            return certificate(resource(root));
        }

        String[] coseNames() {
            return algorithms.stream().map(a -> switch (a) {
                case -7 -> "ES256";
                case -35 -> "ES384";
                case -36 -> "ES512";
                default -> "PS256";
            }).toArray(String[]::new);
        }
    }

    @TempDir
    Path dir;

    static XpiSigner ours;
    static XpiTestPki pki;

    @BeforeAll
    static void setUp() {
        pki = XpiTestPki.generate("p256");
        ours = XpiSignerTest.signer("xpi-fixture", "add-on", pki, null);
    }

    @AfterAll
    static void tearDown() {
        ours.close();
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void autographCoseVerifiesWithFirefoxsAlgorithm(Fixture f) throws Exception {
        Map<String, byte[]> files = f.files();
        X509Certificate root = f.rootCertificate();
        if (f.algorithms.contains(-37)) {
            GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                    () -> FirefoxCoseVerifier.verifyAddon(files, root));
            assertTrue(e.getMessage().contains("only ECDSA"), e.getMessage());
            return;
        }
        List<FirefoxCoseVerifier.Verified> verified = FirefoxCoseVerifier.verifyAddon(files, root);
        assertEquals(f.algorithms, verified.stream().map(FirefoxCoseVerifier.Verified::algorithm).toList());
        for (FirefoxCoseVerifier.Verified v : verified) {
            assertTrue(v.endEntity().getSubjectX500Principal().getName().contains("CN=" + ID));
        }
        byte[] manifest = files.get("META-INF/cose.manifest");
        byte[] tampered = manifest.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThrows(GeneralSecurityException.class,
                () -> FirefoxCoseVerifier.verify(files.get("META-INF/cose.sig"), tampered, root));
        Map<String, byte[]> extraEntry = new LinkedHashMap<>(files);
        extraEntry.put("unsigned.js", new byte[] {1});
        assertThrows(GeneralSecurityException.class, () -> FirefoxCoseVerifier.verifyAddon(extraEntry, root));
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void autographCoseVerifiesWithOurVerifier(Fixture f) throws Exception {
        Map<String, byte[]> files = f.files();
        X509Certificate issuer = issuerOfCoseEndEntities(files, f.rootCertificate());
        List<X509Certificate> ees = CoseVerifier.verify(files.get("META-INF/cose.sig"),
                files.get("META-INF/cose.manifest"), issuer);
        assertEquals(f.algorithms.size(), ees.size());
    }

    /** The discriminating check: the RFC's h'' for external_aad does not verify what Autograph signed. */
    @ParameterizedTest
    @EnumSource(Fixture.class)
    void anEmptyByteStringExternalAadRefusesAutographsSignatures(Fixture f) throws Exception {
        Map<String, byte[]> files = f.files();
        List<?> message = (List<?>) CborValue.decode(files.get("META-INF/cose.sig"));
        byte[] bodyProtected = (byte[]) message.get(0);
        for (Object o : (List<?>) message.get(3)) {
            List<?> s = (List<?>) o;
            byte[] signProtected = (byte[]) s.get(0);
            Map<?, ?> header = (Map<?, ?>) CborValue.decode(signProtected);
            X509Certificate ee = certificate((byte[]) header.get(4L));
            int alg = ((Long) header.get(1L)).intValue();
            byte[] withNull = FirefoxCoseVerifier.sigStructure(bodyProtected, signProtected,
                    files.get("META-INF/cose.manifest"));
            byte[] withEmptyBytes = withNull.clone();
            int at = withNull.length - 1 - headLength(files.get("META-INF/cose.manifest").length)
                    - files.get("META-INF/cose.manifest").length;
            assertEquals((byte) 0xf6, withNull[at]);
            withEmptyBytes[at] = 0x40;
            assertTrue(verifies(alg, ee, withNull, (byte[]) s.get(2)));
            assertFalse(verifies(alg, ee, withEmptyBytes, (byte[]) s.get(2)), "h'' must not verify");
        }
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void autographPkcs7VerifiesWithOurVerifierAndMatchesOurDigestAlgorithmEncoding(Fixture f) throws Exception {
        Map<String, byte[]> files = f.files();
        byte[] der = files.get("META-INF/mozilla.rsa");
        X509Certificate ee = Pkcs7Certificates.signer(der);
        Pkcs7.verify(der, files.get("META-INF/mozilla.sf"), ee);
        ManifestCheck.assertDigestsMatch(files, files.get("META-INF/manifest.mf"));
        assertEquals(ManifestCheck.mainSection(files.get("META-INF/manifest.mf")),
                new String(files.get("META-INF/mozilla.sf"), StandardCharsets.ISO_8859_1));

        byte[] oursSigned = ours.signFile(resource(f.unsigned), XpiSignerTest.options(f.pkcs7Digest));
        byte[] oursDer = XpiFixtures.unzip(oursSigned).get("META-INF/mozilla.rsa");
        assertEquals(digestAlgorithm(der), digestAlgorithm(oursDer), "SignerInfo digestAlgorithm, DER");
        assertEquals(digestAlgorithms(der), digestAlgorithms(oursDer), "SignedData digestAlgorithms, DER");
    }

    /** Same input, same options: the manifests are identical bytes and the COSE_Sign has the same shape. */
    @ParameterizedTest
    @EnumSource(Fixture.class)
    void ourOutputHasAutographsStructure(Fixture f) throws Exception {
        Map<String, byte[]> theirs = f.files();
        byte[] signed = ours.signFile(resource(f.unsigned), XpiSignerTest.options(f.pkcs7Digest, f.coseNames()));
        Map<String, byte[]> mine = XpiFixtures.unzip(signed);
        assertEquals(new ArrayList<>(theirs.keySet()), new ArrayList<>(mine.keySet()), "entries, in order");
        assertEquals(new String(theirs.get("META-INF/cose.manifest"), StandardCharsets.UTF_8),
                new String(mine.get("META-INF/cose.manifest"), StandardCharsets.UTF_8));
        assertEquals(sectionNames(theirs.get("META-INF/manifest.mf")), sectionNames(mine.get("META-INF/manifest.mf")));
        assertEquals(shape(theirs.get("META-INF/cose.sig")), shape(mine.get("META-INF/cose.sig")));
        if (f.algorithms.contains(-37)) {
            assertThrows(GeneralSecurityException.class, () -> FirefoxCoseVerifier.verifyAddon(mine, pki.root()),
                    "Firefox refuses PS256 from us as from Autograph");
        } else {
            List<FirefoxCoseVerifier.Verified> verified = FirefoxCoseVerifier.verifyAddon(mine, pki.root());
            assertEquals(f.algorithms, verified.stream().map(FirefoxCoseVerifier.Verified::algorithm).toList());
        }
        if (f.pkcs7Digest.equals("SHA256")) {
            // jarsigner treats SHA-1 signed JARs as unsigned, so only the SHA-256 ones can be checked with it.
            XpiFixtures.assertJarsignerVerifies(dir, Files.write(dir.resolve("ours.xpi"), signed), pki.root(), true);
        }
    }

    /** The COSE_Sign with certificates and signatures replaced by their types: headers, keys, nesting. */
    private static String shape(byte[] coseSig) throws GeneralSecurityException {
        return shapeOf(CborValue.decodeTagged(coseSig));
    }

    private static String shapeOf(Object o) {
        if (o instanceof CborValue.Tagged t) {
            return t.tag() + "(" + shapeOf(t.value()) + ")";
        }
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(shapeOf(x)));
            return parts.toString();
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, String> parts = new java.util.TreeMap<>();
            m.forEach((k, v) -> parts.put(k, shapeOf(v)));
            return parts.toString();
        }
        if (o instanceof byte[] b) {
            Object inner = CborValue.tryDecode(b);
            return inner instanceof Map<?, ?> ? "bstr<" + shapeOf(inner) + ">" : "bstr";
        }
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    private static List<String> sectionNames(byte[] manifest) {
        return new ArrayList<>(ManifestCheck.parse(manifest).keySet());
    }

    private static String digestAlgorithm(byte[] pkcs7) throws Exception {
        SignerInformation si = new CMSSignedData(pkcs7).getSignerInfos().getSigners().iterator().next();
        return hex(si.getDigestAlgorithmID());
    }

    private static List<String> digestAlgorithms(byte[] pkcs7) throws Exception {
        List<String> out = new ArrayList<>();
        for (AlgorithmIdentifier a : new CMSSignedData(pkcs7).getDigestAlgorithmIDs()) {
            out.add(hex(a));
        }
        return out;
    }

    private static String hex(AlgorithmIdentifier a) throws IOException {
        return java.util.HexFormat.of().formatHex(a.getEncoded(ASN1Encoding.DER));
    }

    private static X509Certificate issuerOfCoseEndEntities(Map<String, byte[]> files, X509Certificate root)
            throws Exception {
        List<?> message = (List<?>) CborValue.decode(files.get("META-INF/cose.sig"));
        Map<?, ?> body = (Map<?, ?>) CborValue.decode((byte[]) message.get(0));
        Map<?, ?> header = (Map<?, ?>) CborValue.decode((byte[]) ((List<?>) ((List<?>) message.get(3)).get(0)).get(0));
        X509Certificate ee = certificate((byte[]) header.get(4L));
        for (Object c : (List<?>) body.get(4L)) {
            X509Certificate candidate = certificate((byte[]) c);
            if (candidate.getSubjectX500Principal().equals(ee.getIssuerX500Principal())) {
                ee.verify(candidate.getPublicKey());
                candidate.verify(root.getPublicKey());
                return candidate;
            }
        }
        throw new AssertionError("no issuer of the end-entity among the body's certificates");
    }

    private static boolean verifies(int alg, X509Certificate ee, byte[] data, byte[] signature) throws Exception {
        Signature s = switch (alg) {
            case -7 -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case -35 -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case -36 -> Signature.getInstance("SHA512withECDSAinP1363Format");
            default -> {
                Signature p = Signature.getInstance("RSASSA-PSS");
                p.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield p;
            }
        };
        s.initVerify(ee.getPublicKey());
        s.update(data);
        return s.verify(signature);
    }

    private static int headLength(int n) {
        return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
    }

    static byte[] resource(String name) {
        try (InputStream in = AutographFixturesTest.class.getResourceAsStream("/autograph-fixtures/xpi/" + name)) {
            assertTrue(in != null, "missing fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static X509Certificate certificate(byte[] encoded) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }
}
