package dev.signet.amo.service;

import dev.signet.amo.config.AmoConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes rows that can no longer matter: throttle windows that have ended, JWT ids whose token has expired
 * (a replay of it is refused as expired anyway), expired sessions, OAuth nonces past the timestamp window, and
 * outbox messages relayed longer ago than the retention.
 * Every replica runs it; the deletes are idempotent and touch only indexed ranges.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final EntityManager em;
    private final AmoConfig config;

    public Housekeeping(EntityManager em, AmoConfig config) {
        this.em = em;
        this.config = config;
    }

    @Scheduled(every = "${amo.housekeeping.interval:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            run(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("housekeeping failed (will run again): %s", e.getMessage());
        }
    }

    /** One pass as of {@code now}; returns the number of rows deleted. */
    public int run(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int windows = em.createNativeQuery("DELETE FROM throttle_window WHERE window_end < ?1")
                    .setParameter(1, now).executeUpdate();
            int jtis = em.createNativeQuery("DELETE FROM jwt_replay WHERE expires_at < ?1")
                    .setParameter(1, now).executeUpdate();
            int outbox = em.createNativeQuery("DELETE FROM outbox WHERE published_at < ?1")
                    .setParameter(1, now.minus(config.housekeeping().outboxRetention())).executeUpdate();
            int sessions = em.createNativeQuery("DELETE FROM session_token WHERE expires_at < ?1")
                    .setParameter(1, now).executeUpdate();
            int nonces = em.createNativeQuery("DELETE FROM oauth_nonce WHERE expires_at < ?1")
                    .setParameter(1, now).executeUpdate();
            int total = windows + jtis + outbox + sessions + nonces;
            if (total > 0) {
                LOG.debugf("housekeeping: deleted %d throttle windows, %d JWT ids, %d outbox rows, %d sessions,"
                        + " %d OAuth nonces", windows, jtis, outbox, sessions, nonces);
            }
            return total;
        });
    }
}
