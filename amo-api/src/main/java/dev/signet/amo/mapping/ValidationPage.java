package dev.signet.amo.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.service.ValidationPageService;

/**
 * The validation report as a plain HTML page (what {@code validation_url} shows a developer). Every string in
 * it comes from the add-on (ids, versions, file names, linter messages quoting the add-on), so every one is
 * escaped; the page has no script and is served with a CSP that allows none.
 */
public final class ValidationPage {

    private static final ObjectMapper TREES = new ObjectMapper();

    private ValidationPage() {
    }

    public static String render(ValidationPageService.Report report) {
        StringBuilder html = new StringBuilder(4096);
        String title = "Validation of " + report.guid() + " " + report.version();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em"
                        + " auto;padding:0 1em}td,th{text-align:left;padding:.2em .6em;vertical-align:top}"
                        + ".error{color:#b00}.warning{color:#960}</style></head>\n<body>\n<h1>")
                .append(escape(title)).append("</h1>\n<p>").append(escape(outcome(report))).append("</p>\n");
        JsonNode results = parse(report.validation());
        if (results != null) {
            html.append("<p>").append(results.path("errors").asInt()).append(" errors, ")
                    .append(results.path("warnings").asInt()).append(" warnings, ")
                    .append(results.path("notices").asInt()).append(" notices.</p>\n");
            appendMessages(html, results.path("messages"));
        }
        return html.append("</body></html>\n").toString();
    }

    private static String outcome(ValidationPageService.Report report) {
        if (!report.processed()) {
            return "Validation is in progress. Reload this page in a few seconds.";
        }
        return report.valid() ? "Your add-on passed validation." : "Your add-on failed validation.";
    }

    private static void appendMessages(StringBuilder html, JsonNode messages) {
        if (!messages.isArray() || messages.isEmpty()) {
            return;
        }
        html.append("<table>\n<tr><th>type</th><th>message</th><th>file</th><th>line</th></tr>\n");
        for (JsonNode m : messages) {
            String type = m.path("type").asText("");
            html.append("<tr class=\"").append(escape(type)).append("\"><td>").append(escape(type))
                    .append("</td><td>").append(escape(m.path("message").asText("")));
            String description = m.path("description").asText("");
            if (!description.isEmpty()) {
                html.append("<br><small>").append(escape(description)).append("</small>");
            }
            html.append("</td><td>").append(escape(m.path("file").asText(""))).append("</td><td>")
                    .append(m.path("line").isNumber() ? m.path("line").asText() : "").append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static JsonNode parse(String validation) {
        if (validation == null) {
            return null;
        }
        try {
            return TREES.readTree(validation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored validation report is not JSON", e);
        }
    }

    /** HTML text and attribute escaping: the five markup characters. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
