package dev.signet.amo.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/** The nonces of signed requests inside the timestamp window, in PostgreSQL so every replica refuses a replay. */
@ApplicationScoped
public class OAuthNonces {

    private static final int MAX_NONCE_LENGTH = 255;

    private final EntityManager em;

    public OAuthNonces(EntityManager em) {
        this.em = em;
    }

    /** True the first time this consumer uses this nonce before {@code expiresAt}; the caller is transactional. */
    public boolean firstUse(String consumerKey, String nonce, Instant expiresAt) {
        if (nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH || nonce.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        return em.createNativeQuery("INSERT INTO oauth_nonce (consumer_key, nonce, expires_at) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT DO NOTHING").setParameter(1, consumerKey).setParameter(2, nonce)
                .setParameter(3, expiresAt).executeUpdate() == 1;
    }
}
