package dev.signet.amo.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.amo.mapping.ValidationGroups;
import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;

/**
 * Everything a reviewer decides on: the manifest and the permissions it asks for, the validation results, the
 * files and how they differ from the previous version's, the developer's notes for reviewers, earlier decisions.
 * {@code diff} is null for a first version.
 */
@TemplateData
public record VersionReview(@JsonProperty("version_id") long versionId, String guid, String name, String version,
        String channel, String developer, @JsonProperty("submitted_at") Instant submittedAt, String waiting,
        @JsonProperty("review_status") String reviewStatus, @JsonProperty("review_comment") String reviewComment,
        @JsonProperty("own_addon") boolean ownAddon, boolean signed,
        @JsonProperty("approval_notes") String approvalNotes, String manifest, List<String> permissions,
        @JsonProperty("optional_permissions") List<String> optionalPermissions,
        @JsonProperty("host_permissions") List<String> hostPermissions, ValidationGroups validation,
        List<XpiListing.Entry> files, @JsonProperty("files_truncated") boolean filesTruncated, ListingDiff diff,
        List<DecisionView> history) {

    public boolean pending() {
        return "pending".equals(reviewStatus);
    }
}
