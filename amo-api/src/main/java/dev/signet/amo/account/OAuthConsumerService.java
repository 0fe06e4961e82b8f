package dev.signet.amo.account;

import dev.signet.amo.AppUser;
import dev.signet.amo.OAuthConsumer;
import dev.signet.amo.auth.SecretCipher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** OAuth 1.0a consumer keys of accounts; an account may have several (one per tool), each revocable alone. */
@ApplicationScoped
public class OAuthConsumerService {

    private static final int MAX_KEY_LENGTH = 255;

    private final SecretCipher cipher;
    private final SecureRandom random = new SecureRandom();

    public OAuthConsumerService(SecretCipher cipher) {
        this.cipher = cipher;
    }

    public record ActiveConsumer(long userId, String secret) {
    }

    /** A new consumer for the account; the caller must be in a transaction. */
    public Credential create(AppUser user) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        OAuthConsumer consumer = new OAuthConsumer();
        consumer.consumerKey = "oauth:" + user.id + ":" + HexFormat.of().formatHex(id);
        consumer.user = user;
        String hex = HexFormat.of().formatHex(secret);
        consumer.secretCiphertext = cipher.encrypt(hex);
        consumer.persist();
        return new Credential(Credential.OAUTH, consumer.consumerKey, true, consumer.createdAt, null, hex);
    }

    public List<Credential> list(long userId) {
        return OAuthConsumer.<OAuthConsumer>list("user.id = ?1 order by createdAt desc", userId).stream()
                .map(c -> new Credential(Credential.OAUTH, c.consumerKey, c.active, c.createdAt, c.revokedAt, null))
                .toList();
    }

    /** Revokes the account's consumer; false when it has no such active consumer. */
    public boolean revoke(long userId, String consumerKey, Instant now) {
        return OAuthConsumer.update("active = false, revokedAt = ?1 where consumerKey = ?2 and user.id = ?3"
                + " and active = true", now, consumerKey, userId) > 0;
    }

    /** The active consumer's account and decrypted secret. */
    public Optional<ActiveConsumer> findActive(String consumerKey) {
        if (consumerKey == null || consumerKey.length() > MAX_KEY_LENGTH
                || consumerKey.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return QuarkusTransaction.joiningExisting().call(() -> OAuthConsumer.<OAuthConsumer>find(
                "consumerKey = ?1 and active = true", consumerKey).firstResultOptional()
                .map(c -> new ActiveConsumer(c.user.id, cipher.decrypt(c.secretCiphertext))));
    }
}
