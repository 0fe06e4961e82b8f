package dev.signet.hawk;

import java.util.HashMap;
import java.util.Map;

/**
 * The attributes of a {@code Authorization: Hawk ...} header. Parsing follows npm {@code hawk}'s rules: scheme
 * case-insensitive, only the attributes {@code id ts nonce hash ext mac app dlg}, each at most once, values
 * limited to the Hawk character set, whole header at most 4096 characters.
 */
public record HawkHeader(String id, String ts, String nonce, String hash, String ext, String mac, String app,
        String dlg) {

    public static final int MAX_LENGTH = 4096;

    /** Parses a header value; throws {@link HawkException} when it is not a well-formed Hawk header. */
    public static HawkHeader parse(String header) {
        if (header == null || header.isEmpty()) {
            throw new HawkException("hawk: missing Authorization header");
        }
        if (header.length() > MAX_LENGTH) {
            throw new HawkException("hawk: header too long");
        }
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.equalsIgnoreCase("Hawk")) {
            throw new HawkException("hawk: authorization scheme is not Hawk");
        }
        Map<String, String> attributes = parseAttributes(space < 0 ? "" : header.substring(space + 1));
        return new HawkHeader(attributes.get("id"), attributes.get("ts"), attributes.get("nonce"),
                attributes.get("hash"), attributes.get("ext"), attributes.get("mac"), attributes.get("app"),
                attributes.get("dlg"));
    }

    private static Map<String, String> parseAttributes(String s) {
        Map<String, String> attributes = new HashMap<>();
        int i = skipSpaces(s, 0);
        if (i == s.length()) {
            throw new HawkException("hawk: invalid header syntax");
        }
        while (i < s.length()) {
            int nameStart = i;
            while (i < s.length() && isWordChar(s.charAt(i))) {
                i++;
            }
            String name = s.substring(nameStart, i);
            if (name.isEmpty() || !s.startsWith("=\"", i)) {
                throw new HawkException("hawk: bad header format");
            }
            i += 2;
            int valueEnd = s.indexOf('"', i);
            if (valueEnd < 0) {
                throw new HawkException("hawk: bad header format");
            }
            String value = s.substring(i, valueEnd);
            checkAttribute(name, value, attributes);
            attributes.put(name, value);
            i = skipSpaces(s, valueEnd + 1);
            if (i < s.length()) {
                if (s.charAt(i) != ',') {
                    throw new HawkException("hawk: bad header format");
                }
                i = skipSpaces(s, i + 1);
            }
        }
        return attributes;
    }

    private static void checkAttribute(String name, String value, Map<String, String> seen) {
        switch (name) {
            case "id", "ts", "nonce", "hash", "ext", "mac", "app", "dlg" -> { }
            default -> throw new HawkException("hawk: unknown attribute: " + name);
        }
        for (int j = 0; j < value.length(); j++) {
            if (!isValueChar(value.charAt(j))) {
                throw new HawkException("hawk: bad attribute value: " + name);
            }
        }
        if (seen.containsKey(name)) {
            throw new HawkException("hawk: duplicate attribute: " + name);
        }
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    // npm hawk: [ \w!#$%&'()*+,\-./:;<=>?@[\]^`{|}~] — printable ASCII without '"' and '\'.
    private static boolean isValueChar(char c) {
        return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
    }

    /** Renders the header the way npm {@code hawk}'s client does (attribute order id, ts, nonce, hash, ext, mac). */
    public String toHeaderValue() {
        StringBuilder sb = new StringBuilder(160).append("Hawk id=\"").append(id)
                .append("\", ts=\"").append(ts)
                .append("\", nonce=\"").append(nonce);
        if (hash != null && !hash.isEmpty()) {
            sb.append("\", hash=\"").append(hash);
        }
        if (ext != null && !ext.isEmpty()) {
            sb.append("\", ext=\"").append(ext);
        }
        sb.append("\", mac=\"").append(mac).append('"');
        if (app != null && !app.isEmpty()) {
            sb.append(", app=\"").append(app);
            if (dlg != null && !dlg.isEmpty()) {
                sb.append("\", dlg=\"").append(dlg);
            }
            sb.append('"');
        }
        return sb.toString();
    }
}
