package dev.signet.hawk;

/**
 * The parts of an incoming HTTP request that Hawk authenticates.
 *
 * @param resource the raw path plus {@code ?query} as received (not decoded)
 */
public record HawkRequest(String method, String resource, String host, int port, String authorization,
        String contentType) {

    /** Autograph's rule: a {@code Host} header without a port means 443 (the server cannot see the scheme). */
    public static final int DEFAULT_PORT = 443;

    /** Builds a request taking host and port from the {@code Host} header value. */
    public static HawkRequest fromHostHeader(String method, String resource, String hostHeader, String authorization,
            String contentType) {
        String host = "";
        int port = DEFAULT_PORT;
        if (hostHeader != null && !hostHeader.isEmpty()) {
            String h = hostHeader.trim();
            int colon = h.lastIndexOf(':');
            // "[::1]:8000" or "[::1]" for IPv6 literals; a colon inside the brackets is not a port separator.
            if (colon > 0 && colon > h.lastIndexOf(']')) {
                host = h.substring(0, colon);
                port = parsePort(h.substring(colon + 1));
            } else {
                host = h;
            }
        }
        return new HawkRequest(method, resource, host, port, authorization, contentType);
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(s);
    }
}
