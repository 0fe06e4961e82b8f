package dev.signet.worker.validation;

import java.util.regex.Pattern;

/**
 * Jackson's parse messages in words a developer can use: they name Java types and settings
 * ({@code `StreamReadConstraints.getMaxNestingDepth()`}, {@code `com.fasterxml...JsonNode`}) that mean nothing to
 * the author of a manifest.json. Location and the offending character stay; the Java parts go.
 */
final class JsonMessages {

    private static final Pattern FROM_SETTING = Pattern.compile(",\\s*from `[^`]*`");
    private static final Pattern BOUND_AS = Pattern.compile("\\s*\\(bound as `[^`]*`\\)");
    private static final Pattern AS_PER = Pattern.compile(":?\\s*not allowed as per `[^`]*`");
    private static final Pattern SOURCE = Pattern.compile("\\s*at \\[Source:.*$", Pattern.DOTALL);

    private JsonMessages() {
    }

    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "The file could not be parsed as JSON.";
        }
        String text = SOURCE.matcher(message).replaceAll("");
        text = FROM_SETTING.matcher(text).replaceAll("");
        text = BOUND_AS.matcher(text).replaceAll("");
        text = AS_PER.matcher(text).replaceAll("");
        int tick = text.indexOf('`');
        if (tick >= 0) {
            // Anything else naming Java: keep the sentence up to it.
            int cut = Math.max(text.lastIndexOf(':', tick), text.lastIndexOf('(', tick));
            text = cut > 0 ? text.substring(0, cut) : "The file could not be parsed as JSON";
        }
        text = text.strip();
        return text.endsWith(".") ? text : text + ".";
    }
}
