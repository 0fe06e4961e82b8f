package dev.signet.autograph.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.autograph.signer.xpi.XpiFixtures;
import dev.signet.testing.cose.CborValue;
import dev.signet.testing.cose.FirefoxCoseVerifier;
import dev.signet.testing.cose.ManifestSections;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;

/**
 * What Autograph's client ({@code tools/autograph-client/client.go}) and monitor ({@code tools/autograph-monitor})
 * check in an answer, rewritten from their source in Java: content signatures with the returned public key,
 * genericrsa with the returned key and signer options, and a signed XPI by {@code xpi.VerifySignedFile} (manifest
 * entry counts, the PKCS#7 signature and chain, then per requested COSE algorithm one signature whose end-entity
 * has the add-on id as CN, the id's SAN and the codeSigning EKU, verified over a Sig_structure with null
 * external_aad).
 */
final class AutographClientChecks {

    static final byte[] MONITOR_INPUT = "AUTOGRAPH MONITORING".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEMPLATE = "Content-Signature:\0".getBytes(StandardCharsets.US_ASCII);

    private AutographClientChecks() {
    }

    /** csigverifier's VerifyData: the mode's SHA-2 of the templated input. */
    static void contentSignatureOfData(byte[] input, JsonNode response) throws Exception {
        assertEquals("contentsignature", response.path("type").asText());
        String hash = switch (response.path("mode").asText()) {
            case "p256ecdsa" -> "SHA-256";
            case "p384ecdsa" -> "SHA-384";
            case "p521ecdsa" -> "SHA-512";
            default -> throw new AssertionError("mode " + response.path("mode"));
        };
        MessageDigest md = MessageDigest.getInstance(hash);
        md.update(TEMPLATE);
        md.update(input);
        assertTrue(ecdsa(response, md.digest()), "content signature of the data");
    }

    /** csigverifier's VerifyHash: ECDSA over the given digest as it is. */
    static void contentSignatureOfHash(byte[] digest, JsonNode response) throws Exception {
        assertEquals("contentsignature", response.path("type").asText());
        assertTrue(ecdsa(response, digest), "content signature of the hash");
    }

    private static boolean ecdsa(JsonNode response, byte[] digest) throws Exception {
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(response.path("public_key").asText())));
        byte[] rs = Base64.getUrlDecoder().decode(response.path("signature").asText());
        Signature v = Signature.getInstance("NONEwithECDSAinP1363Format");
        v.initVerify(key);
        v.update(digest);
        return v.verify(rs);
    }

    /** genericrsa.VerifySignature: the hash and salt length of signer_opts (Go's crypto.Hash numbers). */
    static void genericRsa(byte[] input, JsonNode response, PublicKey expectedKey) throws Exception {
        assertEquals("genericrsa", response.path("type").asText());
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(response.path("public_key").asText())));
        assertEquals(expectedKey, key);
        JsonNode opts = response.path("signer_opts");
        String hash = switch (opts.path("Hash").asInt()) {
            case 3 -> "SHA-1";
            case 5 -> "SHA-256";
            case 6 -> "SHA-384";
            case 7 -> "SHA-512";
            default -> throw new AssertionError("signer_opts.Hash " + opts.path("Hash"));
        };
        byte[] signature = Base64.getDecoder().decode(response.path("signature").asText());
        Signature v;
        if (response.path("mode").asText().equals("pss")) {
            int saltLength = opts.path("SaltLength").asInt();
            int hashLength = MessageDigest.getInstance(hash).getDigestLength();
            int salt = saltLength == -1 ? hashLength : saltLength == 0
                    ? (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8 - hashLength - 2 : saltLength;
            v = Signature.getInstance("RSASSA-PSS");
            v.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), salt, 1));
        } else {
            v = Signature.getInstance(hash.replace("-", "") + "withRSA");
        }
        v.initVerify(key);
        v.update(input);
        assertTrue(v.verify(signature), "genericrsa signature");
    }

    /** The monitor's verifyXPISignature: a detached PKCS#7 over the data, chained to the root. */
    static void xpiSignatureOfData(byte[] input, JsonNode response, X509Certificate root) throws Exception {
        assertEquals("xpi", response.path("type").asText());
        pkcs7(Base64.getDecoder().decode(response.path("signature").asText()), input, root);
    }

    /** xpi.VerifySignedFile with the request's options. */
    static void signedXpi(byte[] signedFile, X509Certificate root, String id, List<String> coseAlgorithms)
            throws Exception {
        Map<String, byte[]> files = XpiFixtures.unzip(signedFile);
        int fileCount = (int) files.keySet().stream().filter(n -> !n.endsWith("/")).count();
        byte[] manifest = files.get("META-INF/manifest.mf");
        assertEquals(fileCount - 3, ManifestSections.parse(manifest).size(), "PKCS#7 manifest entries");
        X509Certificate ee = pkcs7(files.get("META-INF/mozilla.rsa"), files.get("META-INF/mozilla.sf"), root);
        assertEquals(id, commonName(ee));
        if (coseAlgorithms.isEmpty()) {
            return;
        }
        byte[] coseManifest = files.get("META-INF/cose.manifest");
        assertEquals(fileCount - 5, ManifestSections.parse(coseManifest).size(), "COSE manifest entries");
        String text = new String(manifest, StandardCharsets.UTF_8);
        String coseText = new String(coseManifest, StandardCharsets.UTF_8);
        for (String name : List.of("META-INF/cose.sig", "META-INF/cose.manifest")) {
            assertTrue(text.contains("Name: " + name));
            assertFalse(coseText.contains("Name: " + name));
        }
        List<?> message = (List<?>) CborValue.decode(files.get("META-INF/cose.sig"));
        byte[] bodyProtected = (byte[]) message.get(0);
        List<X509Certificate> intermediates = new ArrayList<>();
        for (Object der : (List<?>) ((Map<?, ?>) CborValue.decode(bodyProtected)).get(4L)) {
            intermediates.add(certificate((byte[]) der));
        }
        List<?> signatures = (List<?>) message.get(3);
        assertEquals(coseAlgorithms.size(), signatures.size(), "one COSE signature per requested algorithm");
        for (int i = 0; i < signatures.size(); i++) {
            List<?> s = (List<?>) signatures.get(i);
            byte[] signProtected = (byte[]) s.get(0);
            Map<?, ?> header = (Map<?, ?>) CborValue.decode(signProtected);
            X509Certificate coseEe = certificate((byte[]) header.get(4L));
            assertEquals(id, commonName(coseEe));
            chain(coseEe, intermediates, root, id);
            long alg = (Long) header.get(1L);
            assertEquals(algorithmId(coseAlgorithms.get(i)), alg, "algorithm of signature " + i);
            Signature v = cose(alg);
            v.initVerify(coseEe.getPublicKey());
            v.update(FirefoxCoseVerifier.sigStructure(bodyProtected, signProtected, coseManifest));
            assertTrue(v.verify((byte[]) s.get(2)), "COSE signature " + coseAlgorithms.get(i));
        }
    }

    private static X509Certificate pkcs7(byte[] der, byte[] content, X509Certificate root) throws Exception {
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(content), der);
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        assertEquals(1, signers.size());
        SignerInformation si = signers.iterator().next();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object holder : signed.getCertificates().getMatches(null)) {
            certificates.add(new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) holder));
        }
        X509CertificateHolder eeHolder = (X509CertificateHolder) signed.getCertificates().getMatches(si.getSID())
                .iterator().next();
        X509Certificate ee = new JcaX509CertificateConverter().getCertificate(eeHolder);
        assertTrue(si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(ee)), "PKCS#7 signature");
        certificates.remove(ee);
        chain(ee, certificates, root, null);
        return ee;
    }

    /** Go's x509 Verify: to the root through the intermediates, codeSigning EKU, and the id's SAN when given. */
    private static void chain(X509Certificate ee, List<X509Certificate> intermediates, X509Certificate root, String id)
            throws Exception {
        assertNotNull(ee.getExtendedKeyUsage());
        assertTrue(ee.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.3"), "codeSigning EKU");
        if (id != null) {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            String dns = HexFormat.of().formatHex(d, 0, 16) + "." + HexFormat.of().formatHex(d, 16, 32)
                    + ".addons.mozilla.org";
            boolean found = false;
            for (List<?> san : ee.getSubjectAlternativeNames()) {
                found |= Integer.valueOf(2).equals(san.get(0)) && dns.equals(san.get(1));
            }
            assertTrue(found, "SAN " + dns);
        }
        List<X509Certificate> path = new ArrayList<>(List.of(ee));
        X509Certificate current = ee;
        while (!current.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
            X509Certificate issuer = null;
            for (X509Certificate c : intermediates) {
                if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                    issuer = c;
                }
            }
            assertNotNull(issuer, "an issuer of " + current.getSubjectX500Principal());
            path.add(issuer);
            current = issuer;
        }
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
                params);
    }

    private static long algorithmId(String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "ES256" -> -7;
            case "ES384" -> -35;
            case "ES512" -> -36;
            case "PS256" -> -37;
            default -> throw new AssertionError("algorithm " + name);
        };
    }

    private static Signature cose(long alg) throws Exception {
        if (alg == -37) {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            return s;
        }
        return Signature.getInstance(alg == -7 ? "SHA256withECDSAinP1363Format"
                : alg == -35 ? "SHA384withECDSAinP1363Format" : "SHA512withECDSAinP1363Format");
    }

    private static String commonName(X509Certificate c) throws Exception {
        for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(c.getSubjectX500Principal().getName())
                .getRdns()) {
            if (rdn.getType().equalsIgnoreCase("CN")) {
                return rdn.getValue().toString();
            }
        }
        throw new AssertionError("no CN");
    }

    private static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(der));
    }
}
