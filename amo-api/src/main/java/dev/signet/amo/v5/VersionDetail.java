package dev.signet.amo.v5;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A version as the v5 API shows it to its developer. {@code file.status} is {@code public} once the file is signed
 * and approved (unlisted: signing is the approval), {@code unreviewed} before; {@code file.url} is null until there
 * is a signed file to download. A rejected listed version is {@code disabled}, with the reviewer's words in
 * {@code review_comment} (not in AMO's API, which shows them only by email).
 */
public record VersionDetail(long id, String channel, String version, @JsonProperty("edit_url") String editUrl,
        String reviewed, @JsonProperty("is_disabled") boolean isDisabled, License license,
        @JsonProperty("release_notes") JsonNode releaseNotes, @JsonProperty("approval_notes") String approvalNotes,
        JsonNode compatibility, String source, FileDetail file,
        @JsonProperty("review_comment") String reviewComment) {

    /** The license slug given at submission (MPL-2.0, all-rights-reserved, ...); no custom licenses yet. */
    public record License(String slug, @JsonProperty("is_custom") boolean isCustom) {
    }

    public record FileDetail(long id, String created, String hash,
            @JsonProperty("is_mozilla_signed_extension") boolean isMozillaSignedExtension, long size, String status,
            String url, List<String> permissions,
            @JsonProperty("optional_permissions") List<String> optionalPermissions,
            @JsonProperty("host_permissions") List<String> hostPermissions) {
    }
}
