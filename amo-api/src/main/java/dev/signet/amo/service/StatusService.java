package dev.signet.amo.service;

import dev.signet.amo.Addon;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.Upload;
import dev.signet.amo.auth.ValidationPageToken;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.mapping.StatusMapper;
import dev.signet.amo.mapping.VersionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/** Looks up what a developer may see of an add-on version's uploads. */
@ApplicationScoped
public class StatusService {

    private final ValidationPageToken pageTokens;

    public StatusService(ValidationPageToken pageTokens) {
        this.pageTokens = pageTokens;
    }

    /** The status document of the latest upload of a version, or of the upload {@code uploadPk}. */
    @Transactional
    public VersionStatus status(long userId, String guid, String version, String uploadPk, String baseUrl,
            String apiVersion) {
        // Ids come from the URL: one that cannot exist is refused before it reaches a query.
        if (!AddonRules.isValidGuid(guid)) {
            throw AmoException.badRequest("Invalid Add-on ID in URL or package");
        }
        Addon addon = Addon.<Addon>find("guid", guid).firstResultOptional()
                .orElseThrow(() -> AmoException.notFound("Could not find Add-on with ID \"" + guid + "\"."));
        if (!addon.owner.id.equals(userId)) {
            throw AmoException.forbidden("You do not own this add-on.");
        }
        if (!AddonRules.isValidVersion(version)) {
            throw AmoException.notFound("No uploaded file for that add-on and version.");
        }
        Optional<Upload> upload = uploadPk == null
                ? Upload.<Upload>find("addon = ?1 and version = ?2 order by createdAt desc", addon, version)
                        .firstResultOptional()
                : parse(uploadPk).flatMap(id -> Upload.<Upload>find("id = ?1 and addon = ?2 and version = ?3",
                        id, addon, version).firstResultOptional());
        Upload found = upload.orElseThrow(() -> AmoException.notFound("No uploaded file for that add-on and version."));
        Optional<AddonVersion> v = AddonVersion.<AddonVersion>find("upload", found).firstResultOptional();
        return StatusMapper.toStatus(found, v, baseUrl, apiVersion, pageTokens.of(found.id));
    }

    /** AMO renders upload ids as 32 hex digits; accept the dashed form too. */
    static Optional<UUID> parse(String pk) {
        String hex = pk.replace("-", "");
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            return Optional.empty();
        }
        return Optional.of(new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16)));
    }
}
