package dev.signet.amo.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The signing API's status document (addons-server SigningFileUploadSerializer), field for field, plus one field
 * AMO does not have: {@code review_comment}, the reviewer's words once a listed version was approved or rejected.
 */
public record VersionStatus(
        String guid,
        boolean active,
        @JsonProperty("automated_signing") boolean automatedSigning,
        String url,
        List<FileInfo> files,
        @JsonProperty("passed_review") boolean passedReview,
        String pk,
        boolean processed,
        boolean reviewed,
        boolean valid,
        @JsonProperty("validation_results") JsonNode validationResults,
        @JsonProperty("validation_url") String validationUrl,
        String version,
        @JsonProperty("review_comment") String reviewComment) {

    /** A file of the version: where to download it, its sha256 ({@code sha256:<hex>}) and whether it is signed. */
    public record FileInfo(@JsonProperty("download_url") String downloadUrl, String hash, boolean signed) {
    }
}
