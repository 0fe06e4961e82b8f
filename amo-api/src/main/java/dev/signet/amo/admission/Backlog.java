package dev.signet.amo.admission;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The signing backlog: how many uploads wait for a result, how long the oldest has waited (by the database's
 * clock) and how many were processed per second lately (the drain rate), as read at {@code readAt} (this
 * replica's clock, which only decides when to read again).
 */
public record Backlog(long waiting, Duration oldestWait, double drainedPerSecond, Instant readAt) {

    public static final Backlog NONE = new Backlog(0, Duration.ZERO, 0, Instant.EPOCH);

    /** How long a new upload can expect to wait at the recent drain rate; unbounded when nothing drained. */
    public Duration expectedWait() {
        if (waiting == 0) {
            return Duration.ZERO;
        }
        if (drainedPerSecond <= 0) {
            return ChronoUnit.FOREVER.getDuration();
        }
        return Duration.ofNanos((long) Math.min(Long.MAX_VALUE, waiting / drainedPerSecond * 1e9));
    }
}
