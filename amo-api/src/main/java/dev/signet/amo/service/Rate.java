package dev.signet.amo.service;

import java.time.Duration;
import java.util.Locale;

/** A throttle rate: at most {@code limit} requests per fixed window of {@code period}. */
public record Rate(int limit, Duration period) {

    /** Parses {@code 10/1m}, {@code 100/1h}, {@code 500/1d}, {@code 5/30s} or {@code 5/PT30S}. */
    public static Rate parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("amo.throttle: rate \"" + text + "\" is not <count>/<period>");
        }
        int limit = Integer.parseInt(parts[0].trim());
        String period = parts[1].trim().toLowerCase(Locale.ROOT);
        Duration duration;
        if (period.startsWith("p")) {
            duration = Duration.parse(period.toUpperCase(Locale.ROOT));
        } else {
            long n = Long.parseLong(period.substring(0, period.length() - 1));
            duration = switch (period.charAt(period.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("amo.throttle: unknown unit in \"" + text + "\"");
            };
        }
        if (limit < 1 || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("amo.throttle: rate \"" + text + "\" must be positive");
        }
        return new Rate(limit, duration);
    }

    String scope(String kind) {
        return kind + ":" + limit + "/" + period.toSeconds() + "s";
    }
}
