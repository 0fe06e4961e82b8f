package dev.signet.e2e.faults;

import java.time.Duration;
import java.time.Instant;

/**
 * One injected fault: when it hit, when the process was serving again, and when a client next saw an upload
 * signed (null: not within the recovery window).
 */
record FaultEvent(Fault fault, long pid, Instant injectedAt, Instant backAt, Instant nextSignedAt) {

    Duration downtime() {
        return Duration.between(injectedAt, backAt);
    }

    /** Time from the process being back to the next upload signed; null when none was signed in the window. */
    Duration recovery() {
        if (nextSignedAt == null) {
            return null;
        }
        Duration d = Duration.between(backAt, nextSignedAt);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
