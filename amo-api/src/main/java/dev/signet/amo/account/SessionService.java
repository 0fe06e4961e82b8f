package dev.signet.amo.account;

import dev.signet.amo.config.AmoConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Session tokens: 256 random bits, handed out once at login and stored only as their SHA-256 (a token is not a
 * password: it is random, so a fast hash is enough and a lookup stays one indexed query). A token dies at its
 * expiry, at logout, or when its account's sessions are ended.
 */
@ApplicationScoped
public class SessionService {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final EntityManager em;
    private final AmoConfig config;
    private final SecureRandom random = new SecureRandom();

    public SessionService(EntityManager em, AmoConfig config) {
        this.em = em;
        this.config = config;
    }

    /** A live session: its account and the digest that names it (for CSRF tokens, never the token itself). */
    public record Session(long userId, byte[] digest, Instant expiresAt) {
    }

    /** A new token for the account; the caller must be in a transaction. */
    public String open(long userId, Instant now) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        em.createNativeQuery("INSERT INTO session_token (token_sha256, user_id, created_at, expires_at)"
                + " VALUES (?1, ?2, ?3, ?4)").setParameter(1, digest(token)).setParameter(2, userId)
                .setParameter(3, now).setParameter(4, now.plus(config.accounts().sessionLifetime())).executeUpdate();
        return token;
    }

    /** The session a token names, when it is well formed, not expired and not revoked. */
    public Optional<Session> find(String token, Instant now) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        byte[] digest = digest(token);
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(
                "SELECT s.user_id, s.expires_at FROM session_token s WHERE s.token_sha256 = ?1"
                        + " AND s.revoked_at IS NULL AND s.expires_at > ?2")
                .setParameter(1, digest).setParameter(2, now).getResultList());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Session(((Number) row[0]).longValue(), digest, toInstant(row[1])));
    }

    /** Ends the session; true when it was live. */
    public boolean close(String token, Instant now) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return false;
        }
        return QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(
                "UPDATE session_token SET revoked_at = ?2 WHERE token_sha256 = ?1 AND revoked_at IS NULL"
                        + " AND expires_at > ?2").setParameter(1, digest(token)).setParameter(2, now)
                .executeUpdate() > 0);
    }

    /** Ends every session of the account (a password change, an admin's lock-out). */
    public int closeAll(long userId, Instant now) {
        return em.createNativeQuery("UPDATE session_token SET revoked_at = ?2 WHERE user_id = ?1"
                + " AND revoked_at IS NULL").setParameter(1, userId).setParameter(2, now).executeUpdate();
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
