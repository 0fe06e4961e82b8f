package dev.signet.amo.webhook;

import dev.signet.amo.config.AmoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Keeps webhooks from turning Signet into a proxy into its own network (SSRF): a target must be an http(s) URL
 * whose host resolves only to public addresses. Checked at registration and again before every attempt, since
 * DNS can change in between. Known gap: the HTTP client resolves the name again when it connects, so a name that
 * answers a public address to this check and a private one to the connect (DNS rebinding) gets through; pinning
 * the checked address would need a resolver hook java.net.http lacks on Java 17.
 */
@ApplicationScoped
public class TargetGuard {

    public static final int MAX_URL_LENGTH = 2000;

    private final boolean allowPrivate;

    @Inject
    public TargetGuard(AmoConfig config) {
        this(config.webhooks().allowPrivateTargets());
    }

    TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why a URL may not receive webhooks, in words for the developer. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** The URL, parsed and checked (its host resolved); throws {@link Refused}. */
    public URI check(String url) {
        URI uri = parse(url);
        for (InetAddress address : resolve(uri.getHost())) {
            if (!allowPrivate && internal(address)) {
                throw new Refused("Webhooks may not target loopback, private, link-local or other internal"
                        + " addresses (" + uri.getHost() + " is " + address.getHostAddress() + ").");
            }
        }
        return uri;
    }

    static URI parse(String url) {
        if (url == null) {
            throw new Refused("This field is required.");
        }
        if (url.isBlank()) {
            throw new Refused("This field may not be blank.");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("Ensure this field has no more than " + MAX_URL_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("Enter a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused("Enter an http or https URL (https is strongly recommended).");
        }
        if (uri.getHost() == null || uri.getRawAuthority() == null) {
            throw new Refused("Enter a valid URL.");
        }
        // A password in the URL would be shown in every listing and log line; a fragment is never sent.
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new Refused("Enter a URL without user name, password or #fragment.");
        }
        return uri;
    }

    private static InetAddress[] resolve(String host) {
        // URI keeps the brackets of an IPv6 literal; the resolver wants it bare.
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new Refused("The host " + host + " does not resolve.");
        } catch (SecurityException | IllegalArgumentException e) {
            throw new Refused("Enter a valid URL.");
        }
    }

    /** Anything but a public unicast address: where a request from inside the data centre should not go. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking 198.18/15
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            return (first & 0xfe) == 0xfc // unique local fc00::/7
                    || embeddedIpv4Internal(b);
        }
        return true;
    }

    /** ::ffff:a.b.c.d (Java already maps these to IPv4), ::a.b.c.d and 6to4 2002:a.b.c.d:: carry an IPv4 target. */
    private static boolean embeddedIpv4Internal(byte[] b) {
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        byte[] v4 = null;
        if (compatible) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            v4 = new byte[] {b[2], b[3], b[4], b[5]};
        }
        if (v4 == null) {
            return false;
        }
        try {
            return internal(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
