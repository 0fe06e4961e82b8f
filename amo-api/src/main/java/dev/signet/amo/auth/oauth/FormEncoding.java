package dev.signet.amo.auth.oauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} as RFC 5849 §3.4.1.3.1 reads it, for query strings and form bodies
 * alike: pairs split on {@code &} only, {@code +} is a space, names without {@code =} have an empty value.
 */
public final class FormEncoding {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private FormEncoding() {
    }

    /** Decoded pairs in the order sent; throws {@link IllegalArgumentException} on a malformed escape. */
    public static List<Map.Entry<String, String>> parse(String encoded) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return pairs;
        }
        for (String pair : encoded.split("&", -1)) {
            // "a&&b" and a trailing "&" carry no parameter, as HTML's and Python's parsers agree.
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(Map.entry(decode(name), decode(value)));
        }
        return pairs;
    }

    /** Whether a Content-Type header value names a form body, whatever its case or parameters (charset). */
    public static boolean isFormContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.strip().toLowerCase(Locale.ROOT).equals(CONTENT_TYPE);
    }

    private static String decode(String component) {
        return PercentEncoding.decode(component.replace('+', ' '));
    }
}
