package dev.signet.amo.v5;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The v5 upload object, as web-ext reads it: poll {@code url} until {@code processed}, then go on if {@code valid}
 * or show {@code validation} (AMO's report, the v4 {@code validation_results}). {@code submitted}: a version was
 * made from it.
 */
public record UploadObject(String uuid, String channel, boolean processed, boolean submitted, String url,
        boolean valid, JsonNode validation, String version) {
}
