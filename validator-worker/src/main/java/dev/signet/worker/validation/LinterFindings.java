package dev.signet.worker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The linter's JSON report ({@code errors}, {@code notices}, {@code warnings}, {@code metadata}) turned into
 * findings the way AMO's {@code fix_addons_linter_output} turns it into {@code validation_results}: messages in
 * that order with the code as {@code id}, tier 1; metadata {@code listed} and {@code identified_files} (from
 * {@code jsLibs}) followed by the linter's own metadata.
 */
final class LinterFindings {

    private static final List<MessageType> ORDER = List.of(MessageType.ERROR, MessageType.NOTICE, MessageType.WARNING);

    private LinterFindings() {
    }

    /** Adds the linter's report to {@code findings}; returns the codes it reported. */
    static Set<String> addTo(JsonNode report, boolean listed, Findings findings, ObjectMapper mapper) {
        Set<String> codes = new HashSet<>();
        for (MessageType type : ORDER) {
            for (JsonNode m : report.path(type.wireName() + "s")) {
                String code = m.path("code").asText("UNKNOWN");
                codes.add(code);
                findings.add(type, List.of(code), m.path("message").asText(""), description(m.get("description")),
                        text(m.get("file")), integer(m.get("line")), integer(m.get("column")));
            }
        }
        JsonNode metadata = report.path("metadata");
        findings.metadata("listed", listed);
        Map<String, Object> identified = new LinkedHashMap<>();
        metadata.path("jsLibs").fields().forEachRemaining(lib -> identified.put(lib.getKey(),
                Map.of("path", lib.getValue().asText())));
        findings.metadata("identified_files", identified);
        metadata.fields().forEachRemaining(field -> findings.metadata(field.getKey(),
                mapper.convertValue(field.getValue(), Object.class)));
        return codes;
    }

    /** The linter writes one string; a few rules write a list of paragraphs. */
    private static String description(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            StringBuilder text = new StringBuilder();
            node.forEach(part -> text.append(text.isEmpty() ? "" : " ").append(part.asText()));
            return text.toString();
        }
        return node.asText();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Integer integer(JsonNode node) {
        return node != null && node.canConvertToInt() ? node.asInt() : null;
    }
}
