package dev.signet.worker.validation;

import dev.signet.model.validation.ValidationMessage;
import dev.signet.model.validation.ValidationReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Collects messages and metadata while an upload is checked, then renders AMO's {@code validation_results}
 * shape (the legacy amo-validator shape AMO converts addons-linter output into).
 */
public final class Findings {

    /** AMO's {@code VALIDATOR_MESSAGE_LIMIT}: messages beyond this are dropped and a truncation notice added. */
    static final int MESSAGE_LIMIT = 500;
    private static final int LINTER_TIER = 1;
    private static final int ENDING_TIER = 5;

    private final List<ValidationMessage> messages = new ArrayList<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private int errors;
    private int warnings;
    private int notices;

    public void error(String code, String message, String description, String file) {
        add(MessageType.ERROR, List.of(code), message, description, file, null, null);
    }

    public void warning(String code, String message, String description, String file) {
        add(MessageType.WARNING, List.of(code), message, description, file, null, null);
    }

    public void notice(String code, String message, String description, String file) {
        add(MessageType.NOTICE, List.of(code), message, description, file, null, null);
    }

    public void add(MessageType type, List<String> id, String message, String description, String file,
            Integer line, Integer column) {
        switch (type) {
            case ERROR -> errors++;
            case WARNING -> warnings++;
            case NOTICE -> notices++;
        }
        if (messages.size() < MESSAGE_LIMIT) {
            messages.add(new ValidationMessage(uid(), type.wireName(), List.copyOf(id), LINTER_TIER, message,
                    description, file, line, column));
        }
    }

    public void metadata(String key, Object value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    /**
     * Adds {@code other}'s messages except those with a code in {@code skipCodes} (reported already, by the
     * linter), and its metadata under keys not set here yet.
     */
    public void merge(Findings other, Set<String> skipCodes) {
        for (ValidationMessage m : other.messages) {
            if (!skipCodes.contains(m.id().get(0))) {
                add(MessageType.valueOf(m.type().toUpperCase(Locale.ROOT)), m.id(), m.message(), m.description(),
                        m.file(), m.line(), m.column());
            }
        }
        other.metadata.forEach(metadata::putIfAbsent);
    }

    public ValidationReport toReport() {
        List<ValidationMessage> rendered = new ArrayList<>(messages);
        int total = errors + warnings + notices;
        if (total > MESSAGE_LIMIT) {
            rendered.add(new ValidationMessage(uid(), MessageType.NOTICE.wireName(),
                    List.of("validation", "messages", "truncated"), LINTER_TIER,
                    "Validation generated too many errors/warnings so the full report has been truncated.",
                    (total - MESSAGE_LIMIT) + " messages were not shown.", null, null, null));
        }
        return new ValidationReport(errors == 0, errors, warnings, notices,
                Map.of("errors", 0, "warnings", 0, "notices", 0), List.copyOf(rendered),
                Collections.unmodifiableMap(new LinkedHashMap<>(metadata)),
                ENDING_TIER);
    }

    /** AMO's skeleton for a validation that could not complete: one error, never a stuck upload. */
    public static ValidationReport unexpectedException(String detail) {
        Findings findings = new Findings();
        findings.add(MessageType.ERROR, List.of("validator", "unexpected_exception"),
                "Sorry, we couldn't load your WebExtension.",
                "Validation was unable to complete successfully due to an unexpected error: " + detail, null, null,
                null);
        findings.metadata("is_webextension", true);
        return findings.toReport();
    }

    /** The report with one more error appended, for failures after validation (e.g. signing). */
    public static ValidationReport withError(ValidationReport report, List<String> id, String message,
            String description) {
        List<ValidationMessage> messages = new ArrayList<>(report.messages());
        messages.add(new ValidationMessage(uid(), MessageType.ERROR.wireName(), List.copyOf(id), LINTER_TIER,
                message, description, null, null, null));
        return new ValidationReport(false, report.errors() + 1, report.warnings(), report.notices(),
                report.compatibilitySummary(), List.copyOf(messages), report.metadata(), report.endingTier());
    }

    private static String uid() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
