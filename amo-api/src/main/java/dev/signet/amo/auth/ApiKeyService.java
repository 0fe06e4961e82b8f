package dev.signet.amo.auth;

import dev.signet.amo.ApiKey;
import dev.signet.amo.AppUser;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.amo.config.AmoConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Creates and looks up JWT API keys; secrets only ever leave the database decrypted in memory. */
@ApplicationScoped
public class ApiKeyService {

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);

    private static final int MAX_ISSUER_LENGTH = 255;

    private final SecretCipher cipher;
    private final AmoConfig config;
    private final SecureRandom random = new SecureRandom();
    /**
     * Active keys by issuer, so that a client polling every second costs no key query and no decryption.
     * Only found keys are kept: a key created on another replica works at once. Revoking or rotating drops
     * the entry here at once; other replicas notice within the TTL (documented in docs/configuration.md).
     */
    private final Cache<String, ActiveKey> active;

    public ApiKeyService(SecretCipher cipher, AmoConfig config) {
        this.cipher = cipher;
        this.config = config;
        this.active = Caffeine.newBuilder()
                .expireAfterWrite(config.jwt().keyCacheTtl())
                .maximumSize(config.jwt().keyCacheTtl().isZero() ? 0 : config.jwt().keyCacheSize())
                .build();
    }

    /** A key and its secret, returned once at creation. */
    public record Credentials(String jwtIssuer, String secret, long userId) {
    }

    /** A new user with a fresh key: {@code user:<id>:<n>}, secret = hex of 32 random bytes. */
    @Transactional
    public Credentials createUserWithKey(String name) {
        AppUser user = new AppUser();
        user.name = name;
        user.persist();
        String issuer = "user:" + user.id + ":" + random.nextInt(1000);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String hex = HexFormat.of().formatHex(secret);
        store(user, issuer, hex);
        return new Credentials(issuer, hex, user.id);
    }

    /**
     * Replaces the user's active key with a fresh one (one active key per user, as AMO): the old key stops
     * working at once.
     */
    @Transactional
    public Optional<Credentials> rotate(long userId) {
        // The account's row is the lock: two rotations at once run one after the other, so one key stays active.
        AppUser user = AppUser.findById(userId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            return Optional.empty();
        }
        ApiKey.update("active = false, revokedAt = ?1 where user = ?2 and active = true", java.time.Instant.now(),
                user);
        active.asMap().values().removeIf(k -> k.userId() == userId);
        String issuer;
        do {
            issuer = "user:" + user.id + ":" + random.nextInt(1000);
        } while (ApiKey.count("jwtIssuer", issuer) > 0);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String hex = HexFormat.of().formatHex(secret);
        store(user, issuer, hex);
        return Optional.of(new Credentials(issuer, hex, user.id));
    }

    /** Revokes a key; true when it was active. */
    @Transactional
    public boolean revoke(String jwtIssuer) {
        if (!plausibleIssuer(jwtIssuer)) {
            return false;
        }
        active.invalidate(jwtIssuer);
        return ApiKey.update("active = false, revokedAt = ?1 where jwtIssuer = ?2 and active = true",
                java.time.Instant.now(), jwtIssuer) > 0;
    }

    /** Revokes the account's own key; false when the account has no such active key. */
    @Transactional
    public boolean revoke(long userId, String jwtIssuer) {
        if (!plausibleIssuer(jwtIssuer)) {
            return false;
        }
        active.invalidate(jwtIssuer);
        return ApiKey.update("active = false, revokedAt = ?1 where jwtIssuer = ?2 and user.id = ?3 and active = true",
                java.time.Instant.now(), jwtIssuer, userId) > 0;
    }

    /** The account's keys, newest first, without their secrets. */
    public java.util.List<ApiKey> list(long userId) {
        return ApiKey.list("user.id = ?1 order by createdAt desc", userId);
    }

    /**
     * The active key's user and decrypted secret, if the issuer is known and active (as of at most
     * {@code amo.jwt.key-cache-ttl} ago).
     */
    public Optional<ActiveKey> findActive(String jwtIssuer) {
        if (!plausibleIssuer(jwtIssuer)) {
            return Optional.empty();
        }
        ActiveKey cached = active.getIfPresent(jwtIssuer);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ActiveKey> found = QuarkusTransaction.joiningExisting().call(() -> ApiKey.<ApiKey>find(
                "jwtIssuer = ?1 and active = true", jwtIssuer).firstResultOptional()
                .map(k -> new ActiveKey(k.user.id, cipher.decrypt(k.secretCiphertext))));
        found.ifPresent(k -> active.put(jwtIssuer, k));
        return found;
    }

    public record ActiveKey(long userId, String secret) {
    }

    /** Issuers come from callers: one that cannot be a key (PostgreSQL refuses NUL in text) is no key. */
    private static boolean plausibleIssuer(String issuer) {
        return issuer != null && issuer.length() <= MAX_ISSUER_LENGTH
                && issuer.chars().noneMatch(Character::isISOControl);
    }

    /** The local stack's dev credentials: created once, so restarts keep the same key. */
    @Transactional
    void bootstrap(@Observes StartupEvent event) {
        config.bootstrap().ifPresent(b -> {
            if (ApiKey.count("jwtIssuer", b.apiKey()) > 0) {
                return;
            }
            AppUser user = new AppUser();
            user.name = b.userName().orElse("developer");
            user.persist();
            store(user, b.apiKey(), b.apiSecret());
            LOG.infof("created bootstrap API key %s for user %d", b.apiKey(), user.id);
        });
    }

    private void store(AppUser user, String issuer, String secret) {
        ApiKey key = new ApiKey();
        key.jwtIssuer = issuer;
        key.user = user;
        key.secretCiphertext = cipher.encrypt(secret);
        key.persist();
    }
}
