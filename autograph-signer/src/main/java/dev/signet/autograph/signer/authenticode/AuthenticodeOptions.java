package dev.signet.autograph.signer.authenticode;

import java.util.Locale;
import java.util.Map;
import net.jsign.DigestAlgorithm;

/**
 * Typed request options of {@code authenticode}: {@code digest} (sha256 default, sha384, sha512),
 * {@code program_name} and {@code program_url} (the SpcSpOpusInfo shown by Windows' UAC prompt).
 */
public record AuthenticodeOptions(DigestAlgorithm digest, String programName, String programUrl) {

    static final int MAX_TEXT = 256;

    public static AuthenticodeOptions parse(Map<String, Object> options) {
        Map<String, Object> o = options == null ? Map.of() : options;
        DigestAlgorithm digest = switch (text(o, "digest", "sha256").toLowerCase(Locale.ROOT)) {
            case "sha256" -> DigestAlgorithm.SHA256;
            case "sha384" -> DigestAlgorithm.SHA384;
            case "sha512" -> DigestAlgorithm.SHA512;
            default -> throw new IllegalArgumentException("options.digest must be sha256, sha384 or sha512");
        };
        String url = text(o, "program_url", null);
        if (url != null && !url.matches("https?://\\S+")) {
            throw new IllegalArgumentException("options.program_url must be an http(s) URL");
        }
        return new AuthenticodeOptions(digest, text(o, "program_name", null), url);
    }

    private static String text(Map<String, Object> o, String key, String fallback) {
        Object v = o.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s) || s.length() > MAX_TEXT || s.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("options." + key + " must be a string of at most " + MAX_TEXT
                    + " printable characters");
        }
        return s;
    }
}
