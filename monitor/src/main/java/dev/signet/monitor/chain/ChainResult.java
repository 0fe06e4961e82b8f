package dev.signet.monitor.chain;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A chain that verified.
 *
 * @param anchor        the certificate it ends at (a pinned root, or the chain's own last certificate)
 * @param pinned        whether that anchor came from {@code --roots}
 * @param soonestExpiry the earliest notAfter of the chain and its anchor
 */
public record ChainResult(X509Certificate anchor, boolean pinned, Instant soonestExpiry) {

    public String describe() {
        return (pinned ? "chain to pinned root " : "chain to its own root (not pinned) ")
                + "\"" + Certificates.name(anchor) + "\"";
    }
}
