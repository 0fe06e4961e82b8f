package dev.signet.autograph.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {

    @Test
    void aReservationThatDoesNotFitIsRefusedUntilTheHolderGivesItsBytesBack() {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Reservation first = budget.tryReserve(60);
        assertNotNull(first);
        assertNull(budget.tryReserve(41), "60 + 41 > 100");
        BodyBudget.Reservation second = budget.tryReserve(40);
        assertNotNull(second, "60 + 40 fits exactly");
        first.close();
        first.close(); // given back once only
        assertEquals(40, budget.used());
        assertNotNull(budget.tryReserve(60));
        assertNull(budget.tryReserve(1));
    }

    @Test
    void aGrowingReservationStopsAtTheBudget() {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Reservation r = budget.tryReserve(50);
        assertTrue(r.grow(50));
        assertFalse(r.grow(1));
        assertEquals(100, r.bytes());
        r.close();
        assertEquals(0, budget.used());
    }

    @Test
    void concurrentReservationsNeverHoldMoreThanTheBudget() throws Exception {
        BodyBudget budget = new BodyBudget(1000);
        AtomicLong peak = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        BodyBudget.Reservation r = budget.tryReserve(300);
                        if (r != null) {
                            peak.accumulateAndGet(budget.used(), Math::max);
                            r.close();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertTrue(peak.get() <= 1000, "peak " + peak.get());
        assertEquals(0, budget.used());
    }
}
