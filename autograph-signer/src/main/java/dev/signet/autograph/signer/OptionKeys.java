package dev.signet.autograph.signer;

import java.util.Arrays;
import java.util.Map;

/**
 * Looks a request option up as Autograph's signers see it. Autograph decodes {@code options} into a Go map and
 * then re-marshals it into the signer's options struct: {@code json.Marshal} writes the map's keys sorted, and
 * {@code json.Unmarshal} matches each key to a struct field case-insensitively, the last match winning. So
 * {@code "ID"} sets {@code id}, and of {@code "ID"} and {@code "id"} the one sorting last ({@code "id"}) wins.
 */
public final class OptionKeys {

    private OptionKeys() {
    }

    /** The value under the key that Go's decoder would have put in field {@code name}; null if none. */
    public static Object get(Map<String, Object> options, String name) {
        if (options == null) {
            return null;
        }
        String folded = fold(name);
        String chosen = null;
        for (String key : options.keySet()) {
            if (fold(key).equals(folded) && (chosen == null || utf8Order(key, chosen) > 0)) {
                chosen = key;
            }
        }
        return chosen == null ? null : options.get(chosen);
    }

    /** Go's {@code encoding/json} field-name folding: ASCII upper case, other letters upper(lower(r)). */
    public static String fold(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c < 0x80) {
                out.append((char) (c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c));
            } else {
                out.appendCodePoint(Character.toUpperCase(Character.toLowerCase(c)));
            }
        });
        return out.toString();
    }

    // Go sorts map keys by their UTF-8 bytes, which is code point order (String.compareTo is UTF-16 order).
    private static int utf8Order(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
