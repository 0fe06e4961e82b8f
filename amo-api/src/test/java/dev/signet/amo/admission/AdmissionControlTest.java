package dev.signet.amo.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.amo.config.AmoConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The admission rule on readings of the backlog, with the production defaults. */
class AdmissionControlTest {

    /** amo.admission.* defaults (AmoConfig). */
    private static final AmoConfig.Admission DEFAULTS = new AmoConfig.Admission() {
        @Override public boolean enabled() { return true; }
        @Override public int maxBacklog() { return 100; }
        @Override public int minBacklog() { return 10; }
        @Override public Duration maxExpectedWait() { return Duration.ofSeconds(2); }
        @Override public Duration rateWindow() { return Duration.ofSeconds(10); }
        @Override public Duration maxOldestWait() { return Duration.ofSeconds(30); }
        @Override public Duration abandonedAfter() { return Duration.ofMinutes(10); }
        @Override public Duration refresh() { return Duration.ofSeconds(1); }
        @Override public Duration retryAfter() { return Duration.ofSeconds(5); }
    };

    private static Backlog backlog(long waiting, double drainedPerSecond) {
        return new Backlog(waiting, Duration.ofSeconds(1), drainedPerSecond, Instant.now());
    }

    @Test
    void theBoundFollowsTheDrainRate() {
        // A cold stack signing 5/s admits up to 2 s of queue: 10 uploads; a warm one at 25/s up to 50.
        assertFalse(AdmissionControl.refuses(backlog(10, 5), DEFAULTS));
        assertTrue(AdmissionControl.refuses(backlog(11, 5), DEFAULTS));
        assertFalse(AdmissionControl.refuses(backlog(50, 25), DEFAULTS));
        assertTrue(AdmissionControl.refuses(backlog(51, 25), DEFAULTS));
    }

    @Test
    void belowTheMinimumBacklogEverythingIsAdmittedEvenWithNoRateYet() {
        assertFalse(AdmissionControl.refuses(backlog(9, 0), DEFAULTS), "a stack that was idle has no rate");
        assertTrue(AdmissionControl.refuses(backlog(10, 0), DEFAULTS), "nothing drains: the queue is stuck");
    }

    @Test
    void theFixedBoundsHoldHoweverFastTheBacklogDrains() {
        assertTrue(AdmissionControl.refuses(backlog(100, 1000), DEFAULTS), "max-backlog");
        assertTrue(AdmissionControl.refuses(new Backlog(1, Duration.ofSeconds(31), 1000, Instant.now()), DEFAULTS),
                "max-oldest-wait");
    }

    @Test
    void expectedWaitIsTheBacklogOverTheRate() {
        assertEquals(Duration.ofSeconds(2), backlog(10, 5).expectedWait());
        assertEquals(Duration.ZERO, backlog(0, 0).expectedWait());
    }
}
