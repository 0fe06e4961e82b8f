package dev.signet.amo.v5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An add-on as the v5 API shows it to its developer: only what a submitter needs. {@code version} is the version
 * the request made (create and PUT answers only). {@code status}: {@code public} with an approved listed version,
 * {@code nominated} while listed versions wait for review, {@code incomplete} with unlisted versions only.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record AddonDetail(long id, String guid, String slug, JsonNode name, JsonNode summary, JsonNode categories,
        String status, @JsonProperty("current_version") @JsonInclude(JsonInclude.Include.ALWAYS)
        VersionDetail currentVersion,
        @JsonProperty("latest_unlisted_version") @JsonInclude(JsonInclude.Include.ALWAYS)
        VersionDetail latestUnlistedVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) VersionDetail version) {
}
