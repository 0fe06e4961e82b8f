package dev.signet.monitor.verify;

import java.time.Instant;

/**
 * A signature that verified.
 *
 * @param what           what was checked, for the report line
 * @param soonestExpiry  the earliest notAfter (or key expiry) among what the signature depends on, or null
 */
public record Verified(String what, Instant soonestExpiry) {

    /** The earlier of this expiry and {@code other} (either may be null). */
    public static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
