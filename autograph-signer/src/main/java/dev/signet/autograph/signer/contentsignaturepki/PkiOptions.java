package dev.signet.autograph.signer.contentsignaturepki;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed {@code contentsignaturepki} options. Durations accept Go syntax ({@code 720h}, {@code 10m}) as in
 * Autograph's YAML, or ISO-8601.
 */
public record PkiOptions(Duration validity, Duration clockSkewTolerance, String commonName, String x5uBase,
        String chainLocation) {

    static final Duration DEFAULT_VALIDITY = Duration.ofHours(720);
    static final Duration DEFAULT_SKEW = Duration.ofMinutes(10);
    static final Duration MAX_VALIDITY = Duration.ofDays(365);
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(h|m|s)");

    public static PkiOptions parse(String signerId, String validity, String skew, String subdomainOverride,
            String domain, String x5u, String chainLocation) {
        Duration v = validity == null || validity.isEmpty() ? DEFAULT_VALIDITY : duration("validity", validity);
        if (v.isNegative() || v.isZero() || v.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("validity must be positive and at most " + MAX_VALIDITY.toDays()
                    + " days");
        }
        Duration s = skew == null || skew.isEmpty() ? DEFAULT_SKEW : duration("clockskewtolerance", skew);
        if (domain == null || domain.isEmpty()) {
            throw new IllegalArgumentException("domain is required (the end-entity CN is <id>.<domain>)");
        }
        String sub = subdomainOverride == null || subdomainOverride.isEmpty() ? signerId : subdomainOverride;
        if (x5u != null && !x5u.isEmpty() && !x5u.endsWith("/")) {
            throw new IllegalArgumentException("x5u must end with \"/\"");
        }
        if (chainLocation == null || chainLocation.isEmpty()) {
            throw new IllegalArgumentException("chainlocation (a local directory for the chain files) is required");
        }
        return new PkiOptions(v, s, (sub + "." + domain).toLowerCase(Locale.ROOT),
                x5u == null || x5u.isEmpty() ? null : x5u, chainLocation);
    }

    static Duration duration(String name, String value) {
        Matcher m = GO_DURATION.matcher(value);
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
        if (end == value.length() && end > 0) {
            return total;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": cannot parse duration \"" + value + "\"");
        }
    }
}
