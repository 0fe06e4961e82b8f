package dev.signet.amo.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.qute.TemplateData;
import java.time.Instant;

/** A recorded decision, as the audit log holds it. */
@TemplateData
public record DecisionView(String action, String reviewer, @JsonProperty("decided_at") Instant decidedAt,
        String comment) {

    static DecisionView of(ReviewDecision d) {
        return new DecisionView(d.action, d.reviewer.name, d.decidedAt, d.comment);
    }
}
