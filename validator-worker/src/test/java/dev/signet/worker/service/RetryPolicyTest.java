package dev.signet.worker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.worker.client.SignerException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void transientFailuresAreRetriedWithoutALimitUntilTheCallSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger waiting = new AtomicInteger();
        String result = policy.run("test", () -> {
            if (calls.incrementAndGet() < 25) {
                throw new SignerException("down", "the signing service is unavailable", true);
            }
            return "signed";
        }, waiting::incrementAndGet);
        assertEquals("signed", result);
        assertEquals(25, calls.get());
        assertEquals(1, waiting.get(), "the job is marked as waiting once");
        assertEquals(24, policy.retries());
        assertTrue(!policy.waiting());
    }

    @Test
    void aPermanentFailureEndsAtOnce() {
        SignerException refused = new SignerException("HTTP 400", "refused", false);
        AtomicInteger calls = new AtomicInteger();
        SignerException thrown = assertThrows(SignerException.class, () -> policy.run("test", () -> {
            calls.incrementAndGet();
            throw refused;
        }, () -> { }));
        assertSame(refused, thrown);
        assertEquals(1, calls.get());
    }

    @Test
    void pausesAreJitteredWithinHalfAndAllOfTheBackoff() {
        for (int i = 0; i < 1000; i++) {
            long pause = RetryPolicy.jittered(Duration.ofMillis(1000));
            assertTrue(pause >= 500 && pause <= 1000, "pause " + pause);
        }
    }

    @Test
    void refusesABackoffThatCannotGrow() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
