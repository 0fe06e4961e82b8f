package dev.signet.autograph.signer;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in signer configuration as Autograph's YAML writes them (Go syntax: {@code 26298h}, {@code -1h30m},
 * {@code 10m}), or ISO-8601.
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+)(h|m|s)");

    private GoDuration() {
    }

    /** Parses {@code value}; {@code field} names it in the error. */
    public static Duration parse(String field, String value) {
        String v = value.strip();
        boolean negative = v.startsWith("-");
        String body = negative || v.startsWith("+") ? v.substring(1) : v;
        Matcher m = PART.matcher(body);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        if (end == body.length() && end > 0) {
            return negative ? total.negated() : total;
        }
        if ("0".equals(body)) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": cannot parse duration \"" + value + "\"");
        }
    }
}
