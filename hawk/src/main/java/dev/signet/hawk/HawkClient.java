package dev.signet.hawk;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/** Builds Hawk {@code Authorization} headers for outgoing requests, as npm {@code hawk}'s {@code client.header}. */
public final class HawkClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private HawkClient() {
    }

    /** Full "Hawk id=..., ts=..., nonce=..., hash=..., mac=..." header value, with payload hash, ts=now, random nonce. */
    public static String header(HawkCredentials credentials, String method, URI uri, String contentType, byte[] body) {
        return header(credentials, method, uri, contentType, body, System.currentTimeMillis() / 1000, randomNonce(),
                null);
    }

    /**
     * Header with an explicit timestamp (seconds), nonce and optional {@code ext}. The port is the URI's, or the
     * scheme default (http 80, https 443) as npm {@code hawk} does — note that a server applying Autograph's rule
     * assumes 443 when the {@code Host} header carries no port, so give http URIs an explicit port.
     */
    public static String header(HawkCredentials credentials, String method, URI uri, String contentType, byte[] body,
            long ts, String nonce, String ext) {
        if (ext != null && !ext.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\')) {
            throw new HawkException("hawk: ext contains characters a Hawk header cannot carry");
        }
        return headerWithHash(credentials, method, uri, HawkCrypto.payloadHash(contentType, body), ts, nonce, ext);
    }

    /**
     * Header for a body whose payload hash was computed while it was streamed to disk (see
     * {@link HawkCrypto#payloadHasher}), so a large body never has to be in memory; ts=now, random nonce.
     */
    public static String headerWithHash(HawkCredentials credentials, String method, URI uri, String payloadHash) {
        return headerWithHash(credentials, method, uri, payloadHash, System.currentTimeMillis() / 1000,
                randomNonce(), null);
    }

    private static String headerWithHash(HawkCredentials credentials, String method, URI uri, String hash, long ts,
            String nonce, String ext) {
        if (uri.getHost() == null) {
            throw new HawkException("hawk: URI has no host: " + uri);
        }
        HawkCrypto.Artifacts artifacts = new HawkCrypto.Artifacts(ts, nonce, method, resource(uri), uri.getHost(),
                port(uri), hash, ext, null, null);
        String mac = HawkCrypto.headerMac(credentials, artifacts);
        return new HawkHeader(credentials.id(), Long.toString(ts), nonce, hash, ext, mac, null, null).toHeaderValue();
    }

    static String resource(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equals(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) ? 80 : 443;
    }

    private static String randomNonce() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
