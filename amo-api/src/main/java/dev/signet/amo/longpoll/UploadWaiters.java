package dev.signet.amo.longpoll;

import dev.signet.amo.config.AmoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-polling requests of this replica, by upload. A waiter is a future, not a thread: it completes when its
 * upload is announced as changed or when its time is up, whichever comes first, and then leaves the registry.
 */
@ApplicationScoped
public class UploadWaiters {

    private final ConcurrentHashMap<UUID, Set<CompletableFuture<Void>>> byUpload = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int max;

    public UploadWaiters(AmoConfig config) {
        this.max = config.longPoll().maxWaiters();
    }

    /**
     * A future that completes (normally) on the next change of the upload or after {@code timeout}; empty when
     * this replica already holds its maximum of waiters, in which case the caller answers at once.
     */
    public Optional<CompletableFuture<Void>> await(UUID upload, Duration timeout) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return Optional.empty();
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        // Added under the key's lock, so a concurrent removal of the last waiter cannot orphan this one's set.
        byUpload.compute(upload, (id, waiting) -> {
            Set<CompletableFuture<Void>> set = waiting != null ? waiting : ConcurrentHashMap.newKeySet();
            set.add(waiter);
            return set;
        });
        waiter.whenComplete((ignored, failure) -> remove(upload, waiter));
        waiter.completeOnTimeout(null, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        return Optional.of(waiter);
    }

    /** Wakes every request waiting on the upload. */
    public void wake(UUID upload) {
        Set<CompletableFuture<Void>> waiting = byUpload.get(upload);
        if (waiting != null) {
            waiting.forEach(w -> w.complete(null));
        }
    }

    /** Wakes every waiter, e.g. after announcements may have been missed; each looks at its upload again. */
    public void wakeAll() {
        byUpload.values().forEach(waiting -> waiting.forEach(w -> w.complete(null)));
    }

    /** Requests waiting right now on this replica. */
    public int size() {
        return count.get();
    }

    private void remove(UUID upload, CompletableFuture<Void> waiter) {
        byUpload.computeIfPresent(upload, (id, waiting) -> {
            if (waiting.remove(waiter)) {
                count.decrementAndGet();
            }
            return waiting.isEmpty() ? null : waiting;
        });
    }
}
