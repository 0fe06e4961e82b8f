package dev.signet.model.validation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code validation_results} as AMO returns it: counts, messages, linter metadata and the ending tier. */
public record ValidationReport(
        boolean success,
        int errors,
        int warnings,
        int notices,
        @JsonProperty("compatibility_summary") Map<String, Integer> compatibilitySummary,
        List<ValidationMessage> messages,
        Map<String, Object> metadata,
        @JsonProperty("ending_tier") int endingTier) {
}
