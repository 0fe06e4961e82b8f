package dev.signet.amo.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.qute.TemplateData;
import java.time.Instant;

/** A listed version waiting for review; the queue is oldest first. */
@TemplateData
public record QueueEntry(@JsonProperty("version_id") long versionId, String guid, String name, String version,
        String developer, @JsonProperty("submitted_at") Instant submittedAt,
        @JsonProperty("waiting_seconds") long waitingSeconds, @JsonProperty("waiting") String waiting) {
}
