package dev.signet.amo.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.service.ValidationPageService;
import java.util.List;

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
            ValidationGroups groups = ValidationGroups.of(results);
            html.append("<p>").append(groups.errors()).append(" errors, ").append(groups.warnings())
                    .append(" warnings, ").append(groups.notices()).append(" notices.</p>\n");
            appendGroup(html, "Errors", "error", groups.errorList());
            appendGroup(html, "Warnings", "warning", groups.warningList());
            appendGroup(html, "Notices", "notice", groups.noticeList());
        }
        return html.append("</body></html>\n").toString();
    }

    private static String outcome(ValidationPageService.Report report) {
        if (!report.processed()) {
            return "Validation is in progress. Reload this page in a few seconds.";
        }
        return report.valid() ? "Your add-on passed validation." : "Your add-on failed validation.";
    }

    private static void appendGroup(StringBuilder html, String title, String type,
            List<ValidationGroups.Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        html.append("<h2 class=\"").append(type).append("\">").append(title).append("</h2>\n<table>\n")
                .append("<tr><th>message</th><th>file</th><th>line</th></tr>\n");
        for (ValidationGroups.Finding f : findings) {
            html.append("<tr class=\"").append(type).append("\"><td>").append(escape(f.message()));
            if (!f.description().isEmpty()) {
                html.append("<br><small>").append(escape(f.description())).append("</small>");
            }
            html.append("</td><td>").append(escape(f.file() == null ? "" : f.file())).append("</td><td>")
                    .append(f.line() == null ? "" : f.line()).append("</td></tr>\n");
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
