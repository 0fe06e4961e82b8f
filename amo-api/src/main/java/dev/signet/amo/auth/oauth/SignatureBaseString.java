package dev.signet.amo.auth.oauth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The signature base string of RFC 5849 §3.4.1: the exact bytes both sides sign. */
public final class SignatureBaseString {

    private static final Comparator<Map.Entry<String, String>> BY_NAME_THEN_VALUE =
            Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue());

    private SignatureBaseString() {
    }

    public static String of(OAuthRequest request) {
        return PercentEncoding.encode(request.method().toUpperCase(Locale.ROOT))
                + '&' + PercentEncoding.encode(baseStringUri(request))
                + '&' + PercentEncoding.encode(normalizedParameters(request));
    }

    /** §3.4.1.2: lowercase scheme and host, the port only when not the scheme's default, the path as sent. */
    static String baseStringUri(OAuthRequest request) {
        String scheme = request.scheme().toLowerCase(Locale.ROOT);
        String host = request.host().toLowerCase(Locale.ROOT);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        boolean defaultPort = request.port() < 0
                || scheme.equals("http") && request.port() == 80
                || scheme.equals("https") && request.port() == 443;
        String path = request.rawPath().isEmpty() ? "/" : request.rawPath();
        return scheme + "://" + host + (defaultPort ? "" : ":" + request.port()) + path;
    }

    /** §3.4.1.3: query, header and form parameters, encoded, sorted bytewise, joined with = and &. */
    static String normalizedParameters(OAuthRequest request) {
        List<Map.Entry<String, String>> encoded = new ArrayList<>();
        Stream.of(request.queryParams(), request.oauthParams(), request.formParams())
                .flatMap(List::stream)
                .filter(param -> !param.getKey().equals("oauth_signature"))
                .forEach(param -> encoded.add(
                        Map.entry(PercentEncoding.encode(param.getKey()), PercentEncoding.encode(param.getValue()))));
        // Encoded names and values are ASCII, so String order is the byte order §3.4.1.3.2 asks for.
        return encoded.stream()
                .sorted(BY_NAME_THEN_VALUE)
                .map(param -> param.getKey() + '=' + param.getValue())
                .collect(Collectors.joining("&"));
    }
}
