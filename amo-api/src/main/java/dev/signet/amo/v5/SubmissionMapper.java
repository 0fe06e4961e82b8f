package dev.signet.amo.v5;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.Addon;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.ReviewState;
import dev.signet.amo.Upload;
import dev.signet.amo.mapping.StatusMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Renders uploads, versions and add-ons as the v5 API does; every link is absolute. Runs inside a transaction. */
final class SubmissionMapper {

    private static final ObjectMapper TREES = new ObjectMapper();

    private SubmissionMapper() {
    }

    static String hex(Upload upload) {
        return upload.id.toString().replace("-", "");
    }

    static UploadObject upload(Upload upload, boolean submitted, String base) {
        return new UploadObject(hex(upload), upload.channel, upload.processed(), submitted,
                base + "/api/v5/addons/upload/" + hex(upload) + "/", Boolean.TRUE.equals(upload.valid),
                tree(upload.validation), upload.version);
    }

    static VersionDetail version(AddonVersion version, String base) {
        Upload upload = version.upload;
        boolean signed = upload.signedFileKey != null;
        String status = version.deleted() || ReviewState.REJECTED.equals(version.reviewStatus) ? "disabled"
                : isPublic(version) ? "public" : "unreviewed";
        String self = base + "/api/v5/addons/addon/" + version.addon.id + "/versions/" + version.id + "/";
        JsonNode permissions = tree(upload.permissions);
        VersionDetail.FileDetail file = new VersionDetail.FileDetail(version.id, version.createdAt.toString(),
                "sha256:" + (signed ? upload.signedSha256 : upload.fileSha256), false,
                signed ? upload.signedSize : upload.fileSize, status,
                signed && !version.deleted()
                        ? base + "/api/v5/file/" + version.id + "/" + StatusMapper.fileName(upload) : null,
                strings(permissions, "permissions"), strings(permissions, "optional_permissions"),
                strings(permissions, "host_permissions"));
        String reviewed = version.reviewedAt != null ? version.reviewedAt.toString()
                : status.equals("public") && upload.processedAt != null ? upload.processedAt.toString() : null;
        return new VersionDetail(version.id, version.channel, version.version, self, reviewed, version.deleted(),
                version.license == null ? null : new VersionDetail.License(version.license, false),
                tree(version.releaseNotes), version.approvalNotes,
                version.compatibility == null ? TREES.createObjectNode() : tree(version.compatibility),
                version.sourceKey == null ? null : self + "source/", file, version.reviewComment);
    }

    static AddonDetail addon(Addon addon, List<AddonVersion> versions, Optional<AddonVersion> made, String base) {
        Optional<AddonVersion> current = versions.stream()
                .filter(v -> v.channel.equals("listed") && !v.deleted() && isPublic(v)).findFirst();
        Optional<AddonVersion> unlisted = versions.stream()
                .filter(v -> v.channel.equals("unlisted") && !v.deleted()).findFirst();
        boolean listedWaiting = versions.stream().anyMatch(v -> v.channel.equals("listed") && !v.deleted()
                && ReviewState.PENDING.equals(v.reviewStatus));
        String status = current.isPresent() ? "public" : listedWaiting ? "nominated" : "incomplete";
        return new AddonDetail(addon.id, addon.guid, addon.slug, tree(addon.name), tree(addon.summary),
                addon.categories == null ? TREES.createObjectNode() : tree(addon.categories), status,
                current.map(v -> version(v, base)).orElse(null), unlisted.map(v -> version(v, base)).orElse(null),
                made.map(v -> version(v, base)).orElse(null));
    }

    /** Signed, and approved: by automation (unlisted) or by a reviewer (listed). */
    private static boolean isPublic(AddonVersion version) {
        return version.upload.signedFileKey != null && (version.channel.equals("unlisted")
                || ReviewState.APPROVED.equals(version.reviewStatus));
    }

    private static List<String> strings(JsonNode lists, String field) {
        List<String> out = new ArrayList<>();
        if (lists != null && lists.get(field) != null) {
            lists.get(field).forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return TREES.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not JSON", e);
        }
    }
}
