package dev.signet.amo.service;

import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-user and per-IP upload limits in fixed windows kept in PostgreSQL, so all replicas share them. All
 * windows are counted in one transaction that is rolled back when any limit is exceeded: unlike AMO, a
 * refused request does not use up the hourly and daily allowance, so retry storms cannot lock a user out.
 */
@ApplicationScoped
public class UploadThrottle {

    private final EntityManager em;
    private final boolean enabled;
    private final List<Rate> userRates;
    private final List<Rate> ipRates;

    public UploadThrottle(EntityManager em, AmoConfig config) {
        this.em = em;
        this.enabled = config.throttle().enabled();
        this.userRates = config.throttle().user().stream().map(Rate::parse).toList();
        this.ipRates = config.throttle().ip().stream().map(Rate::parse).toList();
    }

    /** Counts one upload for this user and IP, or throws 429 with the seconds until it would be allowed. */
    public void acquire(long userId, String ip) {
        if (!enabled) {
            return;
        }
        Instant now = Instant.now();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                List<Long> waits = new ArrayList<>();
                for (Rate rate : userRates) {
                    count(rate.scope("user"), Long.toString(userId), rate, now, waits);
                }
                for (Rate rate : ipRates) {
                    count(rate.scope("ip"), ip, rate, now, waits);
                }
                if (!waits.isEmpty()) {
                    // Rolls the counting back: a refused upload uses up no window.
                    throw new Exceeded(waits.stream().mapToLong(Long::longValue).max().orElse(1));
                }
            });
        } catch (Exceeded e) {
            throw AmoException.throttled(e.retryAfter);
        }
    }

    private static final class Exceeded extends RuntimeException {
        private final long retryAfter;

        Exceeded(long retryAfter) {
            super(null, null, false, false);
            this.retryAfter = retryAfter;
        }
    }

    private void count(String scope, String subject, Rate rate, Instant now, List<Long> waits) {
        long period = rate.period().toSeconds();
        long startSecond = now.getEpochSecond() / period * period;
        Instant start = Instant.ofEpochSecond(startSecond);
        Instant end = start.plusSeconds(period);
        Number hits = (Number) em.createNativeQuery("INSERT INTO throttle_window AS t"
                + " (scope, subject, window_start, window_end, hits) VALUES (?1, ?2, ?3, ?4, 1)"
                + " ON CONFLICT (scope, subject, window_start) DO UPDATE SET hits = t.hits + 1 RETURNING hits")
                .setParameter(1, scope).setParameter(2, subject).setParameter(3, start).setParameter(4, end)
                .getSingleResult();
        if (hits.intValue() > rate.limit()) {
            waits.add(Math.max(1, end.getEpochSecond() - now.getEpochSecond()));
        }
    }
}
