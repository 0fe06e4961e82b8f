package dev.signet.autograph.auth;

import dev.signet.autograph.config.SignerFile;
import dev.signet.autograph.config.SignerFileLoader;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerRegistry;
import dev.signet.hawk.HawkCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Who may call and which signers each caller may use. The first signer of an authorization is its default; the
 * {@code monitor} user (from {@code monitoring.key}) has no signers and may only call {@code /__monitor__}.
 */
@ApplicationScoped
public class Authorizations {

    public static final String MONITOR = SignerFileLoader.MONITOR_ID;
    private static final Logger LOG = Logger.getLogger(Authorizations.class);
    private static final int RECOMMENDED_KEY_LENGTH = 32;

    private record Authorization(HawkCredentials credentials, List<String> signers) {
    }

    private final Map<String, Authorization> byId = new HashMap<>();
    private final SignerRegistry registry;

    public Authorizations(SignerFile file, SignerRegistry registry) {
        this.registry = registry;
        for (SignerFile.AuthorizationEntry a : file.authorizations()) {
            warnIfShort(a.id(), a.key());
            byId.put(a.id(), new Authorization(HawkCredentials.of(a.id(), a.key()), a.signers()));
        }
        if (file.monitoring() != null && file.monitoring().key() != null && !file.monitoring().key().isEmpty()) {
            warnIfShort(MONITOR, file.monitoring().key());
            byId.put(MONITOR, new Authorization(HawkCredentials.of(MONITOR, file.monitoring().key()), List.of()));
        }
    }

    /** Hawk credentials by id, or null. */
    public HawkCredentials credentials(String id) {
        Authorization a = byId.get(id);
        return a == null ? null : a.credentials();
    }

    /** The caller's signer ids, sorted (Autograph's {@code /auths/{id}/keyids} answer). */
    public List<String> keyIds(String id) {
        Authorization a = byId.get(id);
        return a == null ? List.of() : a.signers().stream().sorted().toList();
    }

    /** The signer for a request: {@code keyid}, or the caller's default when it is null or empty. */
    public Signer signerFor(String callerId, String keyid) {
        Authorization a = byId.get(callerId);
        if (a == null || a.signers().isEmpty()) {
            throw AuthException.unauthorized("\"" + callerId + "\" does not have a default signing key");
        }
        String signerId = keyid == null || keyid.isEmpty() ? a.signers().get(0) : keyid;
        if (!a.signers().contains(signerId)) {
            throw AuthException.unauthorized(callerId + " is not authorized to sign with key ID " + signerId);
        }
        return registry.get(signerId);
    }

    private static void warnIfShort(String id, String key) {
        if (key.length() < RECOMMENDED_KEY_LENGTH) {
            LOG.warnf("authorization %s: hawk key is shorter than %d characters", id, RECOMMENDED_KEY_LENGTH);
        }
    }
}
