package dev.signet.amo.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.Upload;
import java.util.Optional;
import java.util.UUID;

/**
 * What a status document is made of, read out of an upload, its add-on and its version row while they are
 * attached: immutable, so it can outlive the transaction (the status cache keeps it). The stored validation is
 * parsed here once, not on every poll. {@code reviewStatus} is the version's ReviewState (null: unlisted, or no
 * version yet).
 */
public record UploadState(UUID uploadId, String guid, String version, String channel,
        boolean processed, boolean valid, boolean signed, String signedSha256, Optional<Long> versionId,
        JsonNode validation, int validationLength, String reviewStatus, String reviewComment) {

    private static final ObjectMapper TREES = new ObjectMapper();

    public static UploadState of(Upload upload, Optional<AddonVersion> version) {
        return new UploadState(upload.id, upload.guid, upload.version, upload.channel,
                upload.processed(), Boolean.TRUE.equals(upload.valid), upload.signedFileKey != null,
                upload.signedSha256, version.filter(v -> !v.deleted()).map(v -> v.id), validation(upload),
                upload.validation == null ? 0 : upload.validation.length(),
                version.filter(v -> !v.deleted()).map(v -> v.reviewStatus).orElse(null),
                version.filter(v -> !v.deleted()).map(v -> v.reviewComment).orElse(null));
    }

    /** The upload id as AMO renders it: 32 hex digits. */
    public String pk() {
        return uploadId.toString().replace("-", "");
    }

    private static JsonNode validation(Upload upload) {
        if (upload.validation == null) {
            return null;
        }
        try {
            return TREES.readTree(upload.validation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored validation of upload " + upload.id + " is not JSON", e);
        }
    }
}
