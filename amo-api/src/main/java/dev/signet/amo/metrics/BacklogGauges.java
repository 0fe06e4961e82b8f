package dev.signet.amo.metrics;

import dev.signet.amo.admission.SigningBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * How much waits, as gauges: the outbox rows not yet relayed to Kafka and the age of the oldest (a stuck relay
 * or broker), and the signing backlog admission control uses (uploads waiting for a result, the oldest wait). Read
 * at most once per {@link #FRESH} whatever the scrape rate, on the partial index of pending outbox rows; a failed
 * read keeps the last figures (the database's own alerts say why).
 */
@ApplicationScoped
public class BacklogGauges {

    private static final Logger LOG = Logger.getLogger(BacklogGauges.class);
    static final Duration FRESH = Duration.ofSeconds(5);

    private final EntityManager em;
    private final SigningBacklog backlog;
    private volatile Outbox outbox = new Outbox(0, 0, Instant.EPOCH);

    private record Outbox(long pending, double oldestSeconds, Instant readAt) {
    }

    public BacklogGauges(EntityManager em, SigningBacklog backlog) {
        this.em = em;
        this.backlog = backlog;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("signet_outbox_pending_rows", this, g -> g.outbox().pending())
                .description("Outbox rows not yet published to Kafka").register(registry);
        Gauge.builder("signet_outbox_oldest_age_seconds", this, g -> g.outbox().oldestSeconds())
                .description("Age of the oldest outbox row not yet published").register(registry);
        Gauge.builder("signet_signing_backlog_uploads", backlog, b -> b.current().waiting())
                .description("Uploads accepted and waiting for their result").register(registry);
        Gauge.builder("signet_signing_backlog_oldest_seconds", backlog,
                b -> b.current().oldestWait().toMillis() / 1000.0)
                .description("How long the oldest waiting upload has waited").register(registry);
    }

    private Outbox outbox() {
        Outbox last = outbox;
        if (Instant.now().isBefore(last.readAt().plus(FRESH))) {
            return last;
        }
        try {
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) FROM outbox"
                            + " WHERE published_at IS NULL").getSingleResult());
            outbox = new Outbox(((Number) row[0]).longValue(), ((Number) row[1]).doubleValue(), Instant.now());
        } catch (RuntimeException e) {
            LOG.debugf("outbox gauges: cannot read the outbox (keeping the last figures): %s", e.getMessage());
            outbox = new Outbox(last.pending(), last.oldestSeconds(), Instant.now());
        }
        return outbox;
    }
}
