package dev.signet.amo.account;

import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.service.Rate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Failed logins counted per account address and per client IP in the shared throttle windows (all replicas see
 * them). Only failures count, so a user who types the password right is never slowed by their own logins; a
 * correct password is refused too while the account is over its limit, or the limit would be no limit.
 */
@ApplicationScoped
public class LoginThrottle {

    private final EntityManager em;
    private final List<Rate> perAccount;
    private final List<Rate> perIp;

    public LoginThrottle(EntityManager em, AmoConfig config) {
        this.em = em;
        this.perAccount = config.accounts().loginFailuresPerAccount().stream().map(Rate::parse).toList();
        this.perIp = config.accounts().loginFailuresPerIp().stream().map(Rate::parse).toList();
    }

    /** Seconds until a login for this address from this IP may be tried again; empty when it may be now. */
    public OptionalLong retryAfter(String email, String ip, Instant now) {
        long wait = 0;
        for (Rate rate : perAccount) {
            wait = Math.max(wait, wait(scope("login-account", rate), subject(email), rate, now));
        }
        for (Rate rate : perIp) {
            wait = Math.max(wait, wait(scope("login-ip", rate), ip, rate, now));
        }
        return wait > 0 ? OptionalLong.of(wait) : OptionalLong.empty();
    }

    /** Counts one failed login, in its own transaction so that the answer's rollback does not undo it. */
    public void failed(String email, String ip, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (Rate rate : perAccount) {
                hit(scope("login-account", rate), subject(email), rate, now);
            }
            for (Rate rate : perIp) {
                hit(scope("login-ip", rate), ip, rate, now);
            }
        });
    }

    private long wait(String scope, String subject, Rate rate, Instant now) {
        Instant start = windowStart(rate, now);
        List<?> hits = em.createNativeQuery("SELECT hits FROM throttle_window WHERE scope = ?1 AND subject = ?2"
                + " AND window_start = ?3").setParameter(1, scope).setParameter(2, subject).setParameter(3, start)
                .getResultList();
        if (hits.isEmpty() || ((Number) hits.get(0)).intValue() < rate.limit()) {
            return 0;
        }
        return Math.max(1, start.plus(rate.period()).getEpochSecond() - now.getEpochSecond());
    }

    private void hit(String scope, String subject, Rate rate, Instant now) {
        Instant start = windowStart(rate, now);
        em.createNativeQuery("INSERT INTO throttle_window AS t (scope, subject, window_start, window_end, hits)"
                + " VALUES (?1, ?2, ?3, ?4, 1)"
                + " ON CONFLICT (scope, subject, window_start) DO UPDATE SET hits = t.hits + 1")
                .setParameter(1, scope).setParameter(2, subject).setParameter(3, start)
                .setParameter(4, start.plus(rate.period())).executeUpdate();
    }

    private static Instant windowStart(Rate rate, Instant now) {
        long period = rate.period().toSeconds();
        return Instant.ofEpochSecond(now.getEpochSecond() / period * period);
    }

    private static String scope(String kind, Rate rate) {
        return kind + ":" + rate.limit() + "/" + rate.period().toSeconds() + "s";
    }

    private static String subject(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
