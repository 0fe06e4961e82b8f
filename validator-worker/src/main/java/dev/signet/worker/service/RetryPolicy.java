package dev.signet.worker.service;

import dev.signet.worker.client.SignerException;
import dev.signet.worker.config.WorkerConfig;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Retries transient signer failures with exponential backoff; permanent ones fail at once. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("worker.retry.max-attempts must be at least 1, got " + maxAttempts);
        }
    }

    public static RetryPolicy from(WorkerConfig.Retry retry) {
        return new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff());
    }

    /** A call that may fail with a {@link SignerException}. */
    @FunctionalInterface
    public interface SignerCall<T> {
        T call() throws SignerException;
    }

    public <T> T run(String what, SignerCall<T> call) throws SignerException, InterruptedException {
        Duration backoff = initialBackoff;
        for (int attempt = 1;; attempt++) {
            try {
                return call.call();
            } catch (SignerException e) {
                if (!e.isTransient() || attempt >= maxAttempts) {
                    throw e;
                }
                LOG.warnf("%s: attempt %d/%d failed, retrying in %d ms: %s", what, attempt, maxAttempts,
                        backoff.toMillis(), e.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }
}
