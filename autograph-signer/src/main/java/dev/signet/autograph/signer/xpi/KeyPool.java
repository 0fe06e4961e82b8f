package dev.signet.autograph.signer.xpi;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A bounded pool of fresh end-entity key pairs, filled by background threads. {@link #take()} never waits on a
 * generator: it hands out a pooled key when there is one and otherwise generates inline. Each key is handed out
 * once. With capacity 0 there are no threads and every key is generated inline (cheap EC keys).
 */
final class KeyPool implements AutoCloseable {

    /** Makes one key pair; the RSA one costs up to a second. */
    @FunctionalInterface
    interface Generator {
        KeyPair generate() throws GeneralSecurityException;
    }

    private static final Logger LOG = Logger.getLogger(KeyPool.class);

    private final String name;
    private final Generator generator;
    private final BlockingQueue<KeyPair> keys;
    private final List<Thread> fillers = new ArrayList<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private volatile boolean closed;

    KeyPool(String name, Generator generator, int capacity, int threads) {
        if (capacity < 0 || threads < 0) {
            throw new IllegalArgumentException("key pool " + name + ": capacity and threads must be >= 0");
        }
        this.name = name;
        this.generator = generator;
        this.keys = capacity == 0 ? null : new ArrayBlockingQueue<>(capacity);
        if (capacity > 0) {
            for (int i = 0; i < Math.max(1, threads); i++) {
                Thread t = new Thread(this::fill, "xpi-keypool-" + name + "-" + i);
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                fillers.add(t);
                t.start();
            }
        }
    }

    /** A fresh key pair, never handed out before. */
    KeyPair take() throws GeneralSecurityException {
        KeyPair kp = keys == null ? null : keys.poll();
        if (kp != null) {
            hits.incrementAndGet();
            return kp;
        }
        misses.incrementAndGet();
        return generator.generate();
    }

    private void fill() {
        while (!closed) {
            try {
                keys.put(generator.generate());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (GeneralSecurityException | RuntimeException e) {
                LOG.errorf(e, "key pool %s: key generation failed; requests generate inline", name);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    int available() {
        return keys == null ? 0 : keys.size();
    }

    int capacity() {
        return keys == null ? 0 : keys.size() + keys.remainingCapacity();
    }

    /** Keys served from the pool. */
    long hits() {
        return hits.get();
    }

    /** Keys generated inline because the pool was empty (or disabled). */
    long misses() {
        return misses.get();
    }

    @Override
    public void close() {
        closed = true;
        fillers.forEach(Thread::interrupt);
        if (keys != null) {
            keys.clear();
        }
    }
}
