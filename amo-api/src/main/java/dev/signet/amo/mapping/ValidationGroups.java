package dev.signet.amo.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored validation report ({@code validation_results}) as people read it: errors, then warnings, then notices,
 * each with its message, description, file and line, and the summary counts the report gives.
 */
@TemplateData
public record ValidationGroups(int errors, int warnings, int notices,
        @JsonProperty("error_messages") List<Finding> errorList,
        @JsonProperty("warning_messages") List<Finding> warningList,
        @JsonProperty("notice_messages") List<Finding> noticeList) {

    private static final ObjectMapper TREES = new ObjectMapper();

    @TemplateData
    public record Finding(String message, String description, String file, Integer line) {
    }

    public static ValidationGroups of(String validationJson) {
        if (validationJson == null) {
            return new ValidationGroups(0, 0, 0, List.of(), List.of(), List.of());
        }
        try {
            return of(TREES.readTree(validationJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored validation report is not JSON", e);
        }
    }

    public static ValidationGroups of(JsonNode results) {
        List<Finding> errors = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        List<Finding> notices = new ArrayList<>();
        for (JsonNode m : results.path("messages")) {
            Finding finding = new Finding(m.path("message").asText(""), description(m.path("description")),
                    m.path("file").isTextual() ? m.path("file").asText() : null,
                    m.path("line").isInt() ? m.path("line").asInt() : null);
            switch (m.path("type").asText("")) {
                case "error" -> errors.add(finding);
                case "warning" -> warnings.add(finding);
                default -> notices.add(finding);
            }
        }
        return new ValidationGroups(results.path("errors").asInt(errors.size()),
                results.path("warnings").asInt(warnings.size()), results.path("notices").asInt(notices.size()),
                List.copyOf(errors), List.copyOf(warnings), List.copyOf(notices));
    }

    /** addons-linter gives a description as a string or as a list of paragraphs. */
    private static String description(JsonNode node) {
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(p -> parts.add(p.asText()));
            return String.join("\n", parts);
        }
        return node.asText("");
    }
}
