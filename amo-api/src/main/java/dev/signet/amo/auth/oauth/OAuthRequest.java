package dev.signet.amo.auth.oauth;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an OAuth 1.0a signature covers, as the request arrived: the raw (still percent-encoded) path and query, the
 * decoded Authorization header parameters, and the decoded form body parameters (empty unless the body is
 * {@code application/x-www-form-urlencoded}).
 *
 * @param port the port the client addressed, or -1 when the Host header named none
 */
public record OAuthRequest(String method, String scheme, String host, int port, String rawPath, String rawQuery,
        List<Map.Entry<String, String>> oauthParams, List<Map.Entry<String, String>> formParams) {

    public OAuthRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        rawPath = rawPath == null ? "" : rawPath;
        oauthParams = List.copyOf(oauthParams);
        formParams = formParams == null ? List.of() : List.copyOf(formParams);
    }

    /** The decoded query parameters, in the order sent. */
    public List<Map.Entry<String, String>> queryParams() {
        try {
            return FormEncoding.parse(rawQuery);
        } catch (IllegalArgumentException e) {
            throw new OAuthException("Malformed query string.");
        }
    }
}
