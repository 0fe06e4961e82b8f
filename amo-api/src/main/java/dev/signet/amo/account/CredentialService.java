package dev.signet.amo.account;

import dev.signet.amo.AppUser;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.amo.error.AmoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * An account's own API credentials: JWT keys (one active at a time, as on AMO: a new one replaces it) and OAuth
 * consumers (several). The secret of a new credential is returned once and never logged.
 */
@ApplicationScoped
public class CredentialService {

    private static final Logger LOG = Logger.getLogger(CredentialService.class);

    private final ApiKeyService jwtKeys;
    private final OAuthConsumerService consumers;

    public CredentialService(ApiKeyService jwtKeys, OAuthConsumerService consumers) {
        this.jwtKeys = jwtKeys;
        this.consumers = consumers;
    }

    public List<Credential> list(long userId) {
        List<Credential> all = new ArrayList<>();
        jwtKeys.list(userId).forEach(k -> all.add(new Credential(Credential.JWT, k.jwtIssuer, k.active, k.createdAt,
                k.revokedAt, null)));
        all.addAll(consumers.list(userId));
        return all;
    }

    /** A new credential of the type; a new JWT key revokes the account's previous one. */
    @Transactional
    public Credential create(long userId, String type) {
        Credential created;
        if (Credential.JWT.equals(type)) {
            ApiKeyService.Credentials c = jwtKeys.rotate(userId)
                    .orElseThrow(() -> AmoException.detail(404, "Not found."));
            created = new Credential(Credential.JWT, c.jwtIssuer(), true, Instant.now(), null, c.secret());
        } else if (Credential.OAUTH.equals(type)) {
            created = consumers.create(AppUser.findById(userId));
        } else {
            throw AmoException.field(400, "type", "\"type\" must be \"jwt\" or \"oauth\".");
        }
        LOG.infof("account %d created %s credential %s", userId, type, created.key());
        return created;
    }

    /** Replaces the account's credential with a new one of its type: the old one stops working at once. */
    @Transactional
    public Credential rotate(long userId, String key) {
        String type = typeOf(key);
        revoke(userId, key);
        return create(userId, type);
    }

    @Transactional
    public void revoke(long userId, String key) {
        Instant now = Instant.now();
        boolean revoked = Credential.JWT.equals(typeOf(key)) ? jwtKeys.revoke(userId, key)
                : consumers.revoke(userId, key, now);
        if (!revoked) {
            throw AmoException.detail(404, "No active credential " + key + " on this account.");
        }
        LOG.infof("account %d revoked credential %s", userId, key);
    }

    private static String typeOf(String key) {
        if (key != null && key.startsWith("oauth:")) {
            return Credential.OAUTH;
        }
        return Credential.JWT;
    }
}
