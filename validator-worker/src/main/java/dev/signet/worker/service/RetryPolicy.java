package dev.signet.worker.service;

import dev.signet.worker.client.SignerException;
import dev.signet.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Retries transient signer failures until the signer answers, with exponential, capped and jittered backoff;
 * permanent ones fail at once. A signer outage therefore delays jobs but never decides them. Counts retries
 * for the readiness detail (the module has no metrics stack).
 */
@ApplicationScoped
public class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean waiting;

    @Inject
    public RetryPolicy(WorkerConfig config) {
        this(config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    RetryPolicy(Duration initialBackoff, Duration maxBackoff) {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("worker.retry: need 0 < initial-backoff <= max-backoff, got "
                    + initialBackoff + " and " + maxBackoff);
        }
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** A call that may fail with a {@link SignerException}. */
    @FunctionalInterface
    public interface SignerCall<T> {
        T call() throws SignerException;
    }

    /**
     * Runs {@code call} until it succeeds or fails permanently. {@code onFirstTransientFailure} runs once,
     * before the first pause: the job is then waiting for the signer, not failing on its own.
     */
    public <T> T run(String what, SignerCall<T> call, Runnable onFirstTransientFailure)
            throws SignerException, InterruptedException {
        Duration backoff = initialBackoff;
        for (int attempt = 1;; attempt++) {
            try {
                T result = call.call();
                waiting = false;
                return result;
            } catch (SignerException e) {
                if (!e.isTransient()) {
                    waiting = false;
                    throw e;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException(what + ": interrupted");
                }
                if (attempt == 1) {
                    onFirstTransientFailure.run();
                }
                waiting = true;
                retries.incrementAndGet();
                long pause = jittered(backoff);
                LOG.warnf("%s: try %d failed, retrying in %d ms: %s", what, attempt, pause, e.getMessage());
                Thread.sleep(pause);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /** Between half and all of {@code backoff}, so workers that failed together do not retry together. */
    static long jittered(Duration backoff) {
        long millis = Math.max(1, backoff.toMillis());
        return millis / 2 + ThreadLocalRandom.current().nextLong(millis - millis / 2 + 1);
    }

    /** Transient failures retried since startup. */
    public long retries() {
        return retries.get();
    }

    /** True while a job is backing off, waiting for the signer. */
    public boolean waiting() {
        return waiting;
    }
}
