package dev.signet.autograph.body;

import dev.signet.autograph.config.SignerServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that large (spooled) request bodies may hold at once. A request that does not fit is refused at once
 * (503) rather than queued, so a flood of large bodies cannot pile up work or memory in the key holder.
 */
@ApplicationScoped
public class BodyBudget {

    private final long total;
    private final AtomicLong used = new AtomicLong();

    @Inject
    public BodyBudget(SignerServiceConfig config) {
        this(config.body().largeBudget().asLongValue());
    }

    /** For tests of the accounting alone. */
    BodyBudget(long total) {
        this.total = total;
    }

    /** A reservation of {@code bytes}, or null when the budget has no room for them. */
    public Reservation tryReserve(long bytes) {
        return take(bytes) ? new Reservation(bytes) : null;
    }

    long used() {
        return used.get();
    }

    private boolean take(long bytes) {
        while (true) {
            long current = used.get();
            if (current + bytes > total) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Held bytes, given back once on {@link #close()}. */
    public final class Reservation implements AutoCloseable {
        private long bytes;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        long bytes() {
            return bytes;
        }

        /** Grows the reservation (a body without Content-Length); false when the budget has no room. */
        boolean grow(long more) {
            if (!take(more)) {
                return false;
            }
            bytes += more;
            return true;
        }

        @Override
        public synchronized void close() {
            used.addAndGet(-bytes);
            bytes = 0;
        }
    }
}
