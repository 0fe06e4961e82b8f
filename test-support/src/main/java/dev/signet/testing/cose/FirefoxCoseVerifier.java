package dev.signet.testing.cose;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A verifier of a signed add-on's COSE signature written from Firefox's algorithm, independently of the signer's
 * code (its own CBOR decoder and encoder, JDK signatures). Sources read: the cose crate Firefox vendors
 * (decoder.rs {@code decode_signature}; util.rs {@code get_sig_struct_bytes}, whose shipped version puts CBOR null
 * where RFC 8152 puts an empty byte string), cose-c's FFI (every signature must verify: {@code all()}), and
 * AppSignatureVerification.cpp / AppTrustDomain.cpp:
 * <ul>
 * <li>{@code META-INF/cose.sig} is a tag-98 COSE_Sign of four items: a body protected header of exactly one entry,
 * kid (4) → array of certificate byte strings; an empty unprotected map; a nil (detached) payload; at least one
 * signature, each a protected header of exactly alg (1) and kid (4) → end-entity certificate, an empty unprotected
 * map and the signature over {@code ["Signature", body_protected, sign_protected, null, cose.manifest]}.
 * <li>Only ES256, ES384 and ES512 are verified (raw r||s); any other algorithm, PS256 included, fails the add-on.
 * <li>The end-entity chains to the root through the body's certificates, with the codeSigning EKU, RSA keys of at
 * least 2048 bits, EC keys on P-256/384/521 and no SHA-1 certificate signatures; expiry is not checked (Firefox
 * treats expired and not-yet-valid as success).
 * <li>{@code cose.manifest} carries a SHA256-Digest for every entry of the archive but the ignored signature files
 * and directories, and lists nothing that is not there.
 * </ul>
 * Every problem is a {@link GeneralSecurityException} naming the rule.
 */
public final class FirefoxCoseVerifier {

    /** One verified signature. */
    public record Verified(int algorithm, X509Certificate endEntity) {
    }

    private static final long COSE_SIGN_TAG = 98;
    private static final long HEADER_ALG = 1;
    private static final long HEADER_KID = 4;
    private static final Set<Long> PARSED_ALGORITHMS = Set.of(-7L, -35L, -36L, -37L);
    private static final Set<Long> VERIFIED_ALGORITHMS = Set.of(-7L, -35L, -36L);
    private static final Set<String> EC_CURVES = Set.of("secp256r1", "secp384r1", "secp521r1");
    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    private FirefoxCoseVerifier() {
    }

    /**
     * The whole check of a signed add-on's COSE signature, as Firefox's default policy runs it when the PKCS#7
     * signature verified too (so the PKCS#7 files are ignored by the COSE manifest).
     *
     * @param files the archive's entries in order, directories as names ending in {@code /}
     */
    public static List<Verified> verifyAddon(Map<String, byte[]> files, X509Certificate root) throws GeneralSecurityException {
        byte[] sig = files.get("META-INF/cose.sig");
        byte[] manifest = files.get("META-INF/cose.manifest");
        if (sig == null || manifest == null) {
            throw new GeneralSecurityException("META-INF/cose.sig and META-INF/cose.manifest are required");
        }
        List<Verified> verified = verify(sig, manifest, root);
        Set<String> ignored = Set.of("META-INF/cose.sig", "META-INF/cose.manifest", "META-INF/manifest.mf",
                "META-INF/mozilla.sf", "META-INF/mozilla.rsa");
        Map<String, Map<String, String>> sections = ManifestSections.parse(manifest);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (ignored.contains(e.getKey()) || e.getKey().endsWith("/")) {
                continue;
            }
            Map<String, String> section = sections.get(e.getKey());
            if (section == null) {
                throw new GeneralSecurityException("entry not in cose.manifest: " + e.getKey());
            }
            String digest = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(e.getValue()));
            if (!digest.equals(section.get("SHA256-Digest"))) {
                throw new GeneralSecurityException("SHA256-Digest of " + e.getKey() + " does not match");
            }
        }
        for (String name : sections.keySet()) {
            if (!files.containsKey(name) || ignored.contains(name)) {
                throw new GeneralSecurityException("cose.manifest lists a missing or signature entry: " + name);
            }
        }
        return verified;
    }

    /** @param root the trust anchor every end-entity must chain to, through the body's certificates */
    public static List<Verified> verify(byte[] coseSig, byte[] coseManifest, X509Certificate root)
            throws GeneralSecurityException {
        Object top = CborValue.decodeTagged(coseSig);
        if (!(top instanceof CborValue.Tagged tagged) || tagged.tag() != COSE_SIGN_TAG) {
            throw new GeneralSecurityException("not a COSE_Sign (tag 98)");
        }
        List<?> message = list(tagged.value(), "COSE_Sign");
        if (message.size() != 4) {
            throw new GeneralSecurityException("COSE_Sign must have 4 items");
        }
        emptyMap(message.get(1), "body unprotected header");
        if (message.get(2) != null) {
            throw new GeneralSecurityException("payload must be nil (detached)");
        }
        List<?> signatures = list(message.get(3), "signatures");
        if (signatures.isEmpty()) {
            throw new GeneralSecurityException("no signature");
        }
        byte[] bodyProtected = bytes(message.get(0), "body protected header");
        Map<?, ?> body = map(CborValue.decode(bodyProtected), "body protected header");
        if (body.size() != 1) {
            throw new GeneralSecurityException("body protected header must hold only kid");
        }
        List<X509Certificate> intermediates = new ArrayList<>();
        for (Object c : list(body.get(HEADER_KID), "body kid")) {
            intermediates.add(certificate(bytes(c, "intermediate certificate")));
        }
        List<Verified> out = new ArrayList<>();
        for (Object o : signatures) {
            List<?> signature = list(o, "COSE_Signature");
            if (signature.size() != 3) {
                throw new GeneralSecurityException("COSE_Signature must have 3 items");
            }
            byte[] signProtected = bytes(signature.get(0), "signature protected header");
            Map<?, ?> header = map(CborValue.decode(signProtected), "signature protected header");
            if (header.size() != 2 || !(header.get(HEADER_ALG) instanceof Long alg)
                    || !PARSED_ALGORITHMS.contains(alg)) {
                throw new GeneralSecurityException("signature protected header must be {alg (ES256, ES384, ES512 "
                        + "or PS256), kid}");
            }
            if (!VERIFIED_ALGORITHMS.contains(alg)) {
                throw new GeneralSecurityException("Firefox verifies only ECDSA COSE signatures, not alg " + alg);
            }
            X509Certificate ee = certificate(bytes(header.get(HEADER_KID), "signature kid"));
            emptyMap(signature.get(1), "signature unprotected header");
            byte[] toBeSigned = sigStructure(bodyProtected, signProtected, coseManifest);
            Signature verifier = jca(alg);
            verifier.initVerify(ee.getPublicKey());
            verifier.update(toBeSigned);
            if (!verifier.verify(bytes(signature.get(2), "signature"))) {
                throw new GeneralSecurityException("signature " + alg + " does not verify");
            }
            chain(ee, intermediates, root);
            out.add(new Verified(alg.intValue(), ee));
        }
        return out;
    }

    private static Signature jca(long alg) throws GeneralSecurityException {
        return switch ((int) alg) {
            case -7 -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case -35 -> Signature.getInstance("SHA384withECDSAinP1363Format");
            default -> Signature.getInstance("SHA512withECDSAinP1363Format");
        };
    }

    private static void chain(X509Certificate ee, List<X509Certificate> intermediates, X509Certificate root)
            throws GeneralSecurityException {
        List<String> eku = ee.getExtendedKeyUsage();
        if (eku == null || !eku.contains(CODE_SIGNING)) {
            throw new GeneralSecurityException("end-entity lacks the codeSigning EKU");
        }
        if (ee.getKeyUsage() != null && !ee.getKeyUsage()[0]) {
            throw new GeneralSecurityException("end-entity key usage lacks digitalSignature");
        }
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = ee;
        while (true) {
            acceptable(current);
            if (current.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
                current.verify(root.getPublicKey());
                return;
            }
            X509Certificate issuer = null;
            for (X509Certificate c : intermediates) {
                if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && !path.contains(c)
                        && c.getBasicConstraints() >= 0) {
                    issuer = c;
                }
            }
            if (issuer == null) {
                throw new GeneralSecurityException("no issuer of " + current.getSubjectX500Principal());
            }
            List<String> issuerEku = issuer.getExtendedKeyUsage();
            if (issuerEku != null && !issuerEku.contains(CODE_SIGNING)) {
                throw new GeneralSecurityException("intermediate EKU excludes codeSigning");
            }
            current.verify(issuer.getPublicKey());
            path.add(issuer);
            current = issuer;
        }
    }

    private static void acceptable(X509Certificate c) throws GeneralSecurityException {
        if (c.getSigAlgName().toUpperCase(Locale.ROOT).contains("SHA1")) {
            throw new GeneralSecurityException("SHA-1 certificate signature: " + c.getSubjectX500Principal());
        }
        if (c.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw new GeneralSecurityException("RSA key under 2048 bits");
        }
        if (c.getPublicKey() instanceof ECPublicKey ec
                && !EC_CURVES.contains(curveName(ec))) {
            throw new GeneralSecurityException("EC key on an unsupported curve");
        }
    }

    private static String curveName(ECPublicKey key) throws GeneralSecurityException {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(key.getParams());
        String name = p.getParameterSpec(ECGenParameterSpec.class).getName();
        return switch (name) {
            case "1.2.840.10045.3.1.7" -> "secp256r1";
            case "1.3.132.0.34" -> "secp384r1";
            case "1.3.132.0.35" -> "secp521r1";
            default -> name;
        };
    }

    /** Encoded with minimal-length heads, as the cose crate's serializer does. */
    public static byte[] sigStructure(byte[] bodyProtected, byte[] signProtected, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 4, 5);
        byte[] context = "Signature".getBytes(StandardCharsets.US_ASCII);
        head(out, 3, context.length);
        out.writeBytes(context);
        for (byte[] b : new byte[][] {bodyProtected, signProtected}) {
            head(out, 2, b.length);
            out.writeBytes(b);
        }
        out.write(0xf6);
        head(out, 2, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void head(ByteArrayOutputStream out, int major, long n) {
        int m = major << 5;
        if (n < 24) {
            out.write(m | (int) n);
        } else if (n < 0x100) {
            out.write(m | 24);
            out.write((int) n);
        } else if (n < 0x10000) {
            out.write(m | 25);
            out.write((int) (n >> 8));
            out.write((int) n);
        } else {
            out.write(m | 26);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (n >> (8 * i)));
            }
        }
    }

    private static List<?> list(Object o, String what) throws GeneralSecurityException {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new GeneralSecurityException(what + " must be an array");
    }

    private static Map<?, ?> map(Object o, String what) throws GeneralSecurityException {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new GeneralSecurityException(what + " must be a map");
    }

    private static void emptyMap(Object o, String what) throws GeneralSecurityException {
        if (!map(o, what).isEmpty()) {
            throw new GeneralSecurityException(what + " must be empty");
        }
    }

    private static byte[] bytes(Object o, String what) throws GeneralSecurityException {
        if (o instanceof byte[] b) {
            return b;
        }
        throw new GeneralSecurityException(what + " must be a byte string");
    }

    private static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
