package dev.signet.amo.admission;

import dev.signet.amo.config.AmoConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The signing backlog, read from PostgreSQL so that every replica sees the uploads all replicas accepted. An
 * upload waits from its commit until its result is recorded: that covers its outbox row not yet relayed, its
 * job in Kafka or in the worker, and its result not yet consumed (the outbox row is written in the upload's
 * transaction, so it is not counted twice), and the uploads processed within the rate window. One query on
 * two indexes (upload_waiting, upload_processed_at) per replica per refresh
 * period, whatever the request rate: the first request to find the reading stale refreshes it, the others
 * meanwhile use the previous one.
 */
@ApplicationScoped
public class SigningBacklog {

    private static final Logger LOG = Logger.getLogger(SigningBacklog.class);

    private final EntityManager em;
    private final AmoConfig.Admission config;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Backlog current = Backlog.NONE;

    public SigningBacklog(EntityManager em, AmoConfig config) {
        this.em = em;
        this.config = config.admission();
    }

    /** The latest reading, refreshed first when it is older than the refresh period. */
    public Backlog current() {
        Backlog last = current;
        if (Instant.now().isAfter(last.readAt().plus(config.refresh())) && refreshing.compareAndSet(false, true)) {
            try {
                current = read();
                return current;
            } catch (RuntimeException e) {
                // Admission is a load shedder, not a gate: without a fresh figure the last one stands, and an
                // upload that goes on to need the database gets the outage's own 503.
                LOG.warnf("signing backlog: cannot read it (keeping the last reading): %s", e.getMessage());
            } finally {
                refreshing.set(false);
            }
        }
        return last;
    }

    /** Reads the backlog now, bypassing the cached reading. */
    public Backlog read() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) em.createNativeQuery("SELECT count(*),"
                    + " COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)) * 1000, 0),"
                    + " (SELECT count(*) FROM upload WHERE processed_at > now() - make_interval(secs => ?2))"
                    + " FROM upload"
                    + " WHERE processed_at IS NULL AND created_at > now() - make_interval(secs => ?1)")
                    .setParameter(1, (double) config.abandonedAfter().toSeconds())
                    .setParameter(2, config.rateWindow().toMillis() / 1000.0)
                    .getSingleResult();
            double window = config.rateWindow().toMillis() / 1000.0;
            return new Backlog(((Number) row[0]).longValue(),
                    Duration.ofMillis(Math.max(0, ((Number) row[1]).longValue())),
                    ((Number) row[2]).longValue() / window, Instant.now());
        });
    }
}
