package dev.signet.amo.service;

import dev.signet.amo.Addon;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.Upload;
import dev.signet.amo.auth.ValidationPageToken;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.mapping.StatusMapper;
import dev.signet.amo.mapping.UploadState;
import dev.signet.amo.mapping.VersionStatus;
import dev.signet.amo.statuscache.StatusCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.Optional;
import java.util.UUID;

/** Looks up what a developer may see of an add-on version's uploads. */
@ApplicationScoped
public class StatusService {

    private final ValidationPageToken pageTokens;
    private final EntityManager em;
    private final StatusCache cache;

    public StatusService(ValidationPageToken pageTokens, EntityManager em, StatusCache cache) {
        this.pageTokens = pageTokens;
        this.em = em;
        this.cache = cache;
    }

    /**
     * The status document of the latest upload of a version, or of the upload {@code uploadPk}: from the status
     * cache when it holds the upload, otherwise one query in its own transaction.
     */
    public VersionStatus status(long userId, String guid, String version, String uploadPk, String baseUrl,
            String apiVersion) {
        // Ids come from the URL: one that cannot exist is refused before it reaches a query.
        if (!AddonRules.isValidGuid(guid)) {
            throw AmoException.badRequest("Invalid Add-on ID in URL or package");
        }
        Optional<UUID> pk = uploadPk == null ? Optional.empty() : parse(uploadPk);
        // A version or upload id that cannot exist reaches the query as one that matches no upload (no
        // upload has an empty version): the answer stays 404 or 403 as the add-on decides.
        boolean plausible = AddonRules.isValidVersion(version) && (uploadPk == null || pk.isPresent());
        StatusCache.Key key = new StatusCache.Key(guid, plausible ? version : "", pk.orElse(null));
        StatusCache.Owned found;
        try {
            found = cache.get(key, this::load);
        } catch (NoUpload none) {
            throw none.ownerId == userId ? AmoException.notFound("No uploaded file for that add-on and version.")
                    : AmoException.forbidden("You do not own this add-on.");
        }
        if (found.ownerId() != userId) {
            throw AmoException.forbidden("You do not own this add-on.");
        }
        return StatusMapper.toStatus(found.state(), baseUrl, apiVersion, pageTokens.of(found.state().uploadId()));
    }

    private StatusCache.Owned load(StatusCache.Key key) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Object[] row = find(key.guid(), key.version(), Optional.ofNullable(key.pk())).orElseThrow(
                    () -> AmoException.notFound("Could not find Add-on with ID \"" + key.guid() + "\"."));
            Addon addon = (Addon) row[0];
            Upload upload = (Upload) row[1];
            if (upload == null) {
                throw new NoUpload(addon.owner.id);
            }
            return new StatusCache.Owned(addon.owner.id,
                    UploadState.of(upload, Optional.ofNullable((AddonVersion) row[2])));
        });
    }

    /**
     * The add-on, its latest (or given) upload of the version and that upload's version row, in one query on
     * indexes (addon.guid, upload_addon_version, addon_version_upload): a poll is one round trip. The upload
     * and the version are null when missing; no row means no such add-on.
     */
    private Optional<Object[]> find(String guid, String version, Optional<UUID> pk) {
        TypedQuery<Object[]> query = em.createQuery("select a, u, v from Addon a"
                + " left join Upload u on u.addon = a and u.version = :version"
                + (pk.isPresent() ? " and u.id = :pk" : "")
                + " left join AddonVersion v on v.upload = u"
                + " where a.guid = :guid order by u.createdAt desc", Object[].class)
                .setParameter("guid", guid).setParameter("version", version).setMaxResults(1);
        pk.ifPresent(id -> query.setParameter("pk", id));
        return query.getResultStream().findFirst();
    }

    /** The add-on exists but has no such upload: the caller decides between 404 (own add-on) and 403. */
    private static final class NoUpload extends RuntimeException {

        final long ownerId;

        NoUpload(long ownerId) {
            super(null, null, false, false);
            this.ownerId = ownerId;
        }
    }

    /** AMO renders upload ids as 32 hex digits; accept the dashed form too. */
    public static Optional<UUID> parse(String pk) {
        String hex = pk.replace("-", "");
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            return Optional.empty();
        }
        return Optional.of(new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16)));
    }
}
