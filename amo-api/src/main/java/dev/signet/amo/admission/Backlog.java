package dev.signet.amo.admission;

import java.time.Duration;
import java.time.Instant;

/**
 * The signing backlog: how many uploads wait for a result and how long the oldest has waited (by the database's
 * clock), as read at {@code readAt} (this replica's clock, which only decides when to read again).
 */
public record Backlog(long waiting, Duration oldestWait, Instant readAt) {

    public static final Backlog NONE = new Backlog(0, Duration.ZERO, Instant.EPOCH);
}
