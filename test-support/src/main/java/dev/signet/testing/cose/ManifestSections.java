package dev.signet.testing.cose;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JAR manifest ({@code manifest.mf}, {@code cose.manifest}) the way Firefox's ParseMF does: the exact
 * {@code Manifest-Version: 1.0} header, sections separated by empty lines, continuation lines (a leading space)
 * joined as bytes before the value is decoded as UTF-8, since a wrap may cut a UTF-8 sequence; every section has a
 * unique {@code Name}. A malformed manifest is an {@link IllegalArgumentException}.
 */
public final class ManifestSections {

    private ManifestSections() {
    }

    /** @return entry name → attributes (name → value), in manifest order */
    public static Map<String, Map<String, String>> parse(byte[] manifest) {
        String text = new String(manifest, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("Manifest-Version: 1.0\n")) {
            throw new IllegalArgumentException("manifest must start with Manifest-Version: 1.0");
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        String[] sections = text.split("\n\n");
        for (int i = 1; i < sections.length; i++) {
            Map<String, String> attributes = new LinkedHashMap<>();
            String pending = null;
            for (String line : (sections[i] + "\n").split("\n")) {
                if (line.startsWith(" ") && pending != null) {
                    pending += line.substring(1);
                    continue;
                }
                put(attributes, pending);
                pending = line;
            }
            put(attributes, pending);
            String name = attributes.remove("Name");
            if (name == null || out.put(name, attributes) != null) {
                throw new IllegalArgumentException("section without a unique Name: " + sections[i]);
            }
        }
        return out;
    }

    private static void put(Map<String, String> attributes, String line) {
        if (line == null || line.isEmpty()) {
            return;
        }
        int colon = line.indexOf(": ");
        if (colon <= 0) {
            throw new IllegalArgumentException("not an attribute line: " + line);
        }
        attributes.put(line.substring(0, colon),
                new String(line.substring(colon + 2).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
}
