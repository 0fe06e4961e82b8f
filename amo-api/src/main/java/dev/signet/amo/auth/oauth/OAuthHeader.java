package dev.signet.amo.auth.oauth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Authorization: OAuth ...} header of RFC 5849 §3.5.1: comma-separated {@code name="value"} pairs, both
 * percent-encoded. Parsing is strict because what is refused here can never reach the signature check ambiguously.
 */
public final class OAuthHeader {

    private static final Pattern SCHEME = Pattern.compile("[ \\t]*OAuth(?:[ \\t]+|$)", Pattern.CASE_INSENSITIVE);
    // Values are percent-encoded, so a quote or backslash inside one can only be a client bug or an attack.
    private static final Pattern PARAM =
            Pattern.compile("([A-Za-z0-9_.~%-]+)[ \\t]*=[ \\t]*\"([\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*)\"");
    private static final Pattern SEPARATOR = Pattern.compile("[ \\t]*,[ \\t]*");
    private static final Pattern BLANK = Pattern.compile("[ \\t]*");

    private OAuthHeader() {
    }

    /** Whether the header uses the OAuth scheme at all, so other schemes (JWT) can be tried instead. */
    public static boolean isOAuth(String authorization) {
        return authorization != null && SCHEME.matcher(authorization).lookingAt();
    }

    /** The decoded parameters in the order sent, without {@code realm}. */
    public static List<Map.Entry<String, String>> parse(String authorization) {
        if (authorization == null) {
            throw malformed();
        }
        Matcher matcher = SCHEME.matcher(authorization);
        if (!matcher.lookingAt()) {
            throw new OAuthException("The Authorization header does not use the OAuth scheme.");
        }
        List<Map.Entry<String, String>> params = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int at = matcher.end();
        while (!blankFrom(authorization, at)) {
            Matcher param = PARAM.matcher(authorization).region(at, authorization.length());
            if (!param.lookingAt()) {
                throw malformed();
            }
            String name = decode(param.group(1));
            if (!seen.add(name)) {
                // The raw name is echoed: it is limited to unreserved characters and escapes.
                throw new OAuthException("Duplicate OAuth parameter " + param.group(1) + ".");
            }
            if (!name.equals("realm")) {
                params.add(Map.entry(name, decode(param.group(2))));
            }
            at = param.end();
            if (blankFrom(authorization, at)) {
                break;
            }
            Matcher separator = SEPARATOR.matcher(authorization).region(at, authorization.length());
            if (!separator.lookingAt()) {
                throw malformed();
            }
            at = separator.end();
        }
        return params;
    }

    private static boolean blankFrom(String text, int from) {
        return BLANK.matcher(text).region(from, text.length()).matches();
    }

    private static String decode(String encoded) {
        try {
            return PercentEncoding.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
    }

    private static OAuthException malformed() {
        return new OAuthException("Malformed OAuth Authorization header.");
    }
}
