package dev.signet.amo.webhook;

import dev.signet.amo.config.AmoConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable queue of webhook deliveries in PostgreSQL. A claim takes due rows with {@code FOR UPDATE SKIP
 * LOCKED} (so replicas share the work) and pushes their next_attempt_at out by the lease in a short transaction;
 * the HTTP call runs outside any transaction, and its outcome is written in another. A replica that dies in
 * between has written nothing: its rows fall due again when the lease ends. Hence at least once, never exactly.
 */
@ApplicationScoped
public class DeliveryQueue {

    private final EntityManager em;
    private final List<Duration> retryDelays;
    private final Duration lease;

    public DeliveryQueue(EntityManager em, AmoConfig config) {
        this.em = em;
        this.retryDelays = List.copyOf(config.webhooks().retryDelays());
        this.lease = config.webhooks().lease();
    }

    /** A claimed delivery: {@code attempt} is its number (1 = first), counted when claimed. */
    public record Claimed(long deliveryId, int attempt, String eventId, String payload, String url,
            byte[] secretCiphertext) {
    }

    /** How one attempt ended: an HTTP status, or none and the error. */
    public record Outcome(Integer status, String error, long durationMs) {

        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    @SuppressWarnings("unchecked")
    public List<Long> activeWebhooks(long userId) {
        List<Number> ids = em.createNativeQuery("SELECT id FROM webhook WHERE user_id = ?1 AND deleted_at IS NULL"
                + " ORDER BY id").setParameter(1, userId).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** Queues an event for one webhook, due at once, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(long webhookId, String eventId, String type, String payload) {
        em.createNativeQuery("INSERT INTO webhook_delivery (webhook_id, event_id, event_type, payload)"
                + " VALUES (?1, ?2, ?3, ?4)").setParameter(1, webhookId).setParameter(2, eventId)
                .setParameter(3, type).setParameter(4, payload).executeUpdate();
    }

    /** Up to {@code limit} due deliveries, leased to the caller; rows whose every attempt was used are given up. */
    public List<Claimed> claim(int limit) {
        return QuarkusTransaction.joiningExisting().call(() -> claimIn(limit));
    }

    @SuppressWarnings("unchecked")
    private List<Claimed> claimIn(int limit) {
        List<Object[]> rows = em.createNativeQuery("SELECT d.id, d.attempts, d.event_id, d.payload, w.url,"
                + " w.secret_ciphertext FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " WHERE d.delivered_at IS NULL AND d.given_up_at IS NULL AND d.next_attempt_at <= now()"
                + " ORDER BY d.next_attempt_at LIMIT ?1 FOR UPDATE OF d SKIP LOCKED")
                .setParameter(1, limit).getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        List<Long> exhausted = new ArrayList<>();
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            int attempt = ((Number) row[1]).intValue() + 1;
            // Only when an earlier claim's replica died after the last allowed attempt was claimed.
            if (attempt > maxAttempts()) {
                exhausted.add(id);
            } else {
                claimed.add(new Claimed(id, attempt, (String) row[2], (String) row[3], (String) row[4],
                        (byte[]) row[5]));
            }
        }
        if (!claimed.isEmpty()) {
            em.createNativeQuery("UPDATE webhook_delivery SET attempts = attempts + 1,"
                    + " next_attempt_at = now() + make_interval(secs => ?2) WHERE id = ANY(?1)")
                    .setParameter(1, claimed.stream().map(Claimed::deliveryId).toArray(Long[]::new))
                    .setParameter(2, (double) lease.toMillis() / 1000).executeUpdate();
        }
        if (!exhausted.isEmpty()) {
            em.createNativeQuery("UPDATE webhook_delivery SET given_up_at = now() WHERE id = ANY(?1)")
                    .setParameter(1, exhausted.toArray(Long[]::new)).executeUpdate();
        }
        return claimed;
    }

    /**
     * Logs the attempt and moves the delivery on: delivered, due again after the attempt's retry delay, or given
     * up after the last. An outcome that arrives after its lease ran out and another claim took the row is still
     * logged but changes nothing else.
     */
    public void finish(Claimed claimed, Instant attemptedAt, Outcome outcome) {
        QuarkusTransaction.requiringNew().run(() -> {
            // Nulls are written as SQL literals: a null bound to a native query has no type PostgreSQL accepts.
            String status = outcome.status() == null ? "NULL" : Integer.toString(outcome.status());
            jakarta.persistence.Query attempt = em.createNativeQuery("INSERT INTO webhook_attempt (delivery_id,"
                    + " attempted_at, duration_ms, status_code, error) VALUES (?1, ?2, ?3, " + status + ", "
                    + (outcome.error() == null ? "NULL" : "?4") + ")").setParameter(1, claimed.deliveryId())
                    .setParameter(2, attemptedAt).setParameter(3, (int) Math.min(outcome.durationMs(),
                            Integer.MAX_VALUE));
            if (outcome.error() != null) {
                attempt.setParameter(4, outcome.error());
            }
            attempt.executeUpdate();
            String next;
            if (outcome.delivered()) {
                next = "delivered_at = now()";
            } else if (claimed.attempt() >= maxAttempts()) {
                next = "given_up_at = now()";
            } else {
                Duration delay = retryDelays.get(claimed.attempt() - 1);
                next = "next_attempt_at = now() + make_interval(secs => " + (double) delay.toMillis() / 1000 + ")";
            }
            em.createNativeQuery("UPDATE webhook_delivery SET last_status = " + status + ", " + next
                    + " WHERE id = ?1 AND attempts = ?2 AND delivered_at IS NULL AND given_up_at IS NULL")
                    .setParameter(1, claimed.deliveryId()).setParameter(2, claimed.attempt()).executeUpdate();
        });
    }

    /** A deleted webhook's waiting deliveries are given up, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void giveUpPending(long webhookId) {
        em.createNativeQuery("UPDATE webhook_delivery SET given_up_at = now() WHERE webhook_id = ?1"
                + " AND delivered_at IS NULL AND given_up_at IS NULL").setParameter(1, webhookId).executeUpdate();
    }

    /** The first attempt plus one per retry delay. */
    int maxAttempts() {
        return retryDelays.size() + 1;
    }
}
