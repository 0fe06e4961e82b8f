package dev.signet.autograph.signer.xpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyPoolTest {

    /** A generator that counts calls and can be held back, so the tests control when keys appear. */
    static final class CountingGenerator implements KeyPool.Generator {
        final AtomicInteger calls = new AtomicInteger();
        final Set<Thread> callers = Collections.synchronizedSet(new HashSet<>());
        volatile CountDownLatch gate = new CountDownLatch(0);
        final KeyPair template = TestKeys.ec("secp256r1");

        @Override
        public KeyPair generate() {
            callers.add(Thread.currentThread());
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            calls.incrementAndGet();
            return new KeyPair(template.getPublic(), template.getPrivate());
        }
    }

    @Test
    void warmPoolServesABurstWithoutGeneratingInline() throws Exception {
        CountingGenerator gen = new CountingGenerator();
        try (KeyPool pool = new KeyPool("test", gen, 8, 2)) {
            awaitAvailable(pool, 8);
            gen.gate = new CountDownLatch(1); // refills now block: any inline generation would hang the burst
            Set<KeyPair> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
            long start = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                handedOut.add(pool.take());
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "burst waited");
            assertEquals(8, handedOut.size(), "each key handed out once");
            assertEquals(8, pool.hits());
            assertEquals(0, pool.misses());
            assertTrue(gen.callers.stream().noneMatch(t -> t == Thread.currentThread()), "no inline generation");
            gen.gate.countDown();
            awaitAvailable(pool, 8);
        }
    }

    @Test
    void emptyPoolFallsBackToInlineGeneration() throws Exception {
        CountingGenerator gen = new CountingGenerator();
        try (KeyPool pool = new KeyPool("test", gen, 4, 1)) {
            awaitAvailable(pool, 4);
            for (int i = 0; i < 6; i++) {
                pool.take();
            }
            assertTrue(pool.misses() >= 1, "keys beyond the pool are generated inline");
            assertEquals(6, pool.hits() + pool.misses());
        }
    }

    @Test
    void poolIsBoundedAndFillersStopWhenFull() throws Exception {
        CountingGenerator gen = new CountingGenerator();
        try (KeyPool pool = new KeyPool("test", gen, 3, 2)) {
            awaitAvailable(pool, 3);
            Thread.sleep(200);
            assertEquals(3, pool.available());
            assertEquals(3, pool.capacity());
            assertTrue(gen.calls.get() <= 3 + 2, "at most one pending key per filler beyond capacity: " + gen.calls);
        }
    }

    @Test
    void disabledPoolGeneratesEveryKeyInlineAndStartsNoThread() throws Exception {
        CountingGenerator gen = new CountingGenerator();
        try (KeyPool pool = new KeyPool("test", gen, 0, 4)) {
            KeyPair a = pool.take();
            KeyPair b = pool.take();
            assertNotSame(a, b);
            assertEquals(2, gen.calls.get());
            assertEquals(Set.of(Thread.currentThread()), gen.callers);
            assertEquals(2, pool.misses());
        }
    }

    @Test
    void closeStopsTheFillers() throws Exception {
        CountingGenerator gen = new CountingGenerator();
        KeyPool pool = new KeyPool("test", gen, 2, 1);
        awaitAvailable(pool, 2);
        pool.close();
        int calls = gen.calls.get();
        Thread.sleep(100);
        assertTrue(gen.calls.get() <= calls + 1);
        for (Thread t : gen.callers) {
            t.join(Duration.ofSeconds(5).toMillis());
            assertTrue(!t.isAlive(), t.getName() + " still running");
        }
    }

    @Test
    void rsaEndEntityKeysComeFromThePoolAndMatchTheIssuerSize() throws Exception {
        try (EndEntityKeys keys = new EndEntityKeys("test", KeySpec.rsa(2048), 2, 1)) {
            KeyPool pool = keys.pool(KeySpec.rsa(2048));
            awaitAvailable(pool, 2);
            KeyPair kp = keys.take(KeySpec.rsa(2048));
            assertEquals(2048, ((java.security.interfaces.RSAPublicKey) kp.getPublic()).getModulus().bitLength());
            assertEquals(1, pool.hits());
            // EC keys are cheap: generated inline, no pool threads.
            keys.take(KeySpec.ec("secp384r1"));
            assertEquals(0, keys.pool(KeySpec.ec("secp384r1")).capacity());
        }
    }

    static void awaitAvailable(KeyPool pool, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.available() < n) {
            assertTrue(System.nanoTime() < deadline, "pool did not fill to " + n + ", has " + pool.available());
            Thread.sleep(5);
        }
    }
}
