package dev.signet.e2e;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import dev.signet.testing.cose.FirefoxCoseVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The COSE half of an AMO-style signature, checked from the outside: {@code META-INF/cose.manifest} lists every
 * content file with its SHA-256 (recomputed here), {@code META-INF/cose.sig} is a CBOR COSE_Sign (tag 98) with a
 * detached payload and one ES256 signature whose end-entity certificate (protected {@code kid}) chains through the
 * intermediate in the body's protected header to the root, checked by {@code openssl verify}. jarsigner's check
 * that no entry is unsigned proves the PKCS#7 signature covers both COSE files. The ECDSA value is checked over
 * Firefox's Sig_structure by {@link FirefoxCoseVerifier} (written from Firefox's source and proven on
 * Autograph-made fixtures in the signer's tests), which also applies Firefox's chain and coverage rules.
 */
final class CoseCheck {

    private static final int COSE_SIGN_TAG = 98;
    private static final int ES256 = -7;

    private CoseCheck() {
    }

    static void verify(Path signedXpi, Path rootPem, Path dir) throws Exception {
        try (ZipFile zip = new ZipFile(signedXpi.toFile())) {
            checkManifest(zip);
            checkSignature(read(zip, "META-INF/cose.sig"), rootPem, dir);
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                files.put(entry.getName(), entry.isDirectory() ? new byte[0] : read(zip, entry.getName()));
            }
            X509Certificate root;
            try (InputStream in = Files.newInputStream(rootPem)) {
                root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            FirefoxCoseVerifier.verifyAddon(files, root);
        }
    }

    private static void checkManifest(ZipFile zip) throws Exception {
        Manifest manifest = new Manifest(new ByteArrayInputStream(read(zip, "META-INF/cose.manifest")));
        Set<String> listed = new HashSet<>(manifest.getEntries().keySet());
        for (ZipEntry entry : Collections.list(zip.entries())) {
            String name = entry.getName();
            if (entry.isDirectory() || name.startsWith("META-INF/")) {
                continue;
            }
            Attributes attributes = manifest.getAttributes(name);
            if (attributes == null) {
                throw new AssertionError("cose.manifest does not list " + name);
            }
            String expected = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(read(zip, name)));
            if (!expected.equals(attributes.getValue("SHA256-Digest"))) {
                throw new AssertionError("cose.manifest: wrong SHA256-Digest for " + name);
            }
            listed.remove(name);
        }
        if (!listed.isEmpty()) {
            throw new AssertionError("cose.manifest lists files that are not in the XPI: " + listed);
        }
    }

    private static void checkSignature(byte[] coseSig, Path rootPem, Path dir) throws Exception {
        CBORFactory cbor = new CBORFactory();
        try (CBORParser p = (CBORParser) cbor.createParser(coseSig)) {
            expect(p.nextToken() == JsonToken.START_ARRAY && p.getCurrentTag() == COSE_SIGN_TAG,
                    "cose.sig is not a tagged COSE_Sign (98)");
            List<byte[]> intermediates = kidArray(cbor, binary(p));
            skipValue(p); // unprotected header
            expect(p.nextToken() == JsonToken.VALUE_NULL, "cose.sig payload must be detached (nil)");
            expect(p.nextToken() == JsonToken.START_ARRAY, "cose.sig: no signatures array");
            int count = 0;
            while (p.nextToken() == JsonToken.START_ARRAY) {
                count++;
                Map<Integer, Object> header = header(cbor, binary(p));
                expect(Integer.valueOf(ES256).equals(header.get(1)), "cose.sig signature alg is not ES256: "
                        + header.get(1));
                expect(header.get(4) instanceof byte[], "cose.sig signature has no kid (end-entity certificate)");
                skipValue(p);
                expect(binary(p).length == 64, "an ES256 signature is 64 bytes (r||s)");
                expect(p.nextToken() == JsonToken.END_ARRAY, "cose.sig: malformed COSE_Signature");
                chainsToRoot((byte[]) header.get(4), intermediates, rootPem, dir);
            }
            expect(count == 1, "cose.sig: expected one signature, found " + count);
        }
    }

    private static void chainsToRoot(byte[] endEntity, List<byte[]> intermediates, Path rootPem, Path dir)
            throws Exception {
        Path ee = pem(dir.resolve("cose-ee.pem"), List.of(endEntity));
        Path chain = pem(dir.resolve("cose-intermediates.pem"), intermediates);
        String out = SignAddonClientE2ETest.Tools.run(List.of("openssl", "verify", "-purpose", "any", "-CAfile",
                rootPem.toString(), "-untrusted", chain.toString(), ee.toString()), dir, Map.of(), 60);
        expect(out.contains(": OK"), "openssl verify refused the COSE end-entity chain: " + out);
    }

    private static Path pem(Path file, List<byte[]> certificates) throws IOException {
        StringBuilder text = new StringBuilder();
        for (byte[] der : certificates) {
            text.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(file, text);
    }

    /** The body's protected header: {@code {4: [intermediate DER, ...]}}. */
    private static List<byte[]> kidArray(CBORFactory cbor, byte[] protectedHeader) throws IOException {
        List<byte[]> certificates = new ArrayList<>();
        try (CBORParser p = (CBORParser) cbor.createParser(protectedHeader)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "cose.sig body protected header is not a map");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean kid = p.currentName().equals("4");
                JsonToken value = p.nextToken();
                if (kid && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.VALUE_EMBEDDED_OBJECT) {
                        certificates.add(p.getBinaryValue());
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        expect(!certificates.isEmpty(), "cose.sig body protected header has no intermediate certificates");
        return certificates;
    }

    private static Map<Integer, Object> header(CBORFactory cbor, byte[] protectedHeader) throws IOException {
        Map<Integer, Object> header = new HashMap<>();
        try (CBORParser p = (CBORParser) cbor.createParser(protectedHeader)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "cose.sig signature protected header is not a map");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                int label = Integer.parseInt(p.currentName());
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NUMBER_INT) {
                    header.put(label, p.getIntValue());
                } else if (value == JsonToken.VALUE_EMBEDDED_OBJECT) {
                    header.put(label, p.getBinaryValue());
                } else {
                    p.skipChildren();
                }
            }
        }
        return header;
    }

    private static byte[] binary(CBORParser p) throws IOException {
        expect(p.nextToken() == JsonToken.VALUE_EMBEDDED_OBJECT, "cose.sig: expected a byte string");
        return p.getBinaryValue();
    }

    private static void skipValue(CBORParser p) throws IOException {
        p.nextToken();
        p.skipChildren();
    }

    private static byte[] read(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new AssertionError(name + " missing from the signed XPI");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
