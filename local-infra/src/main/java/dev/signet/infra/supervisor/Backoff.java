package dev.signet.infra.supervisor;

import java.time.Duration;

/**
 * How long the supervisor waits before restarting a child that died: {@code base} after a child that had been
 * running for at least {@code stable}, doubling for every further crash in a row (a crash at startup, or soon
 * after), never more than {@code max}. A child that cannot start is retried ever more slowly, not in a hot loop.
 */
public record Backoff(Duration base, Duration max, Duration stable) {

    /** What {@code ./signet up} uses: 1 s, 2 s, 4 s ... up to 30 s; 30 s of healthy running resets it. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(30));

    /** The wait before the next start after {@code earlier} crashes without a stable run in between (0: base). */
    public Duration delay(int earlier) {
        long millis = base.toMillis() << Math.min(Math.max(earlier, 0), 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
