package dev.signet.autograph.signer.xpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.cose.ManifestSections;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Parses a JAR manifest independently of the signer and checks it against the archive's entries. */
public final class ManifestCheck {

    private static final Set<String> SIGNATURE_FILES = Set.of("META-INF/manifest.mf", "META-INF/mozilla.sf",
            "META-INF/mozilla.rsa");

    private ManifestCheck() {
    }

    /** Every file entry (but the PKCS#7 files) is listed once with matching SHA-1 and SHA-256, and nothing else. */
    public static void assertDigestsMatch(Map<String, byte[]> files, byte[] manifest) throws Exception {
        Map<String, Map<String, String>> sections = parse(manifest);
        Set<String> expected = new TreeSet<>();
        files.forEach((name, content) -> {
            if (content != null && !SIGNATURE_FILES.contains(name)) {
                expected.add(name);
            }
        });
        assertEquals(expected, new TreeSet<>(sections.keySet()), "manifest entries");
        for (var e : sections.entrySet()) {
            byte[] content = files.get(e.getKey());
            assertEquals("SHA1 SHA256", e.getValue().get("Digest-Algorithms"), e.getKey());
            assertEquals(b64("SHA-1", content), e.getValue().get("SHA1-Digest"), "SHA1-Digest of " + e.getKey());
            assertEquals(b64("SHA-256", content), e.getValue().get("SHA256-Digest"), "SHA256-Digest of " + e.getKey());
        }
    }

    /**
     * mozilla.sf: Autograph's main section (SHA-1 and SHA-256 of the whole manifest), then one section per manifest
     * entry with the digests of that entry's manifest section.
     */
    public static void assertSignatureFile(byte[] sf, byte[] manifest) {
        String text = new String(sf, StandardCharsets.ISO_8859_1);
        String main = mainSection(manifest);
        assertTrue(text.startsWith(main), "main section as Autograph's: " + text);
        String mf = new String(manifest, StandardCharsets.ISO_8859_1);
        Map<String, String> rawSections = new LinkedHashMap<>();
        for (String section : mf.substring(mf.indexOf("\n\n") + 2).split("(?<=\n\n)")) {
            rawSections.put(parse(("Manifest-Version: 1.0\n\n" + section).getBytes(StandardCharsets.ISO_8859_1))
                    .keySet().iterator().next(), section);
        }
        Map<String, Map<String, String>> sfSections = parse(("Manifest-Version: 1.0\n\n"
                + text.substring(main.length())).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(rawSections.keySet(), sfSections.keySet());
        rawSections.forEach((name, section) -> {
            byte[] bytes = section.getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(b64("SHA-1", bytes), sfSections.get(name).get("SHA1-Digest"), name);
            assertEquals(b64("SHA-256", bytes), sfSections.get(name).get("SHA256-Digest"), name);
        });
    }

    /** Autograph's whole mozilla.sf: the main section and nothing else. */
    public static String mainSection(byte[] manifest) {
        return "Signature-Version: 1.0\nSHA1-Digest-Manifest: " + b64("SHA-1", manifest)
                + "\nSHA256-Digest-Manifest: " + b64("SHA-256", manifest) + "\n\n";
    }

    /**
     * Name → attributes; checks the header section and the line limit (72 bytes with the newline) on the way.
     * Continuations are joined as bytes before decoding, as Firefox and the JDK do, since a wrap may cut a UTF-8
     * sequence.
     */
    static Map<String, Map<String, String>> parse(byte[] manifest) {
        String text = new String(manifest, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("Manifest-Version: 1.0\n\n"), "manifest header");
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 71, "line longer than 72 bytes with its newline: " + line);
        }
        assertTrue(text.endsWith("\n\n"), "sections end with an empty line");
        return ManifestSections.parse(manifest);
    }

    private static String b64(String algorithm, byte[] content) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
