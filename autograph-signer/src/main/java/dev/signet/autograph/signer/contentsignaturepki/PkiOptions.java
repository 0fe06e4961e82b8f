package dev.signet.autograph.signer.contentsignaturepki;

import dev.signet.autograph.signer.GoDuration;
import java.time.Duration;
import java.util.Locale;

/**
 * Typed {@code contentsignaturepki} options. Durations accept Go syntax ({@code 720h}, {@code 10m}) as in
 * Autograph's YAML, or ISO-8601.
 */
public record PkiOptions(Duration validity, Duration clockSkewTolerance, String commonName, String x5uBase,
        String chainLocation) {

    static final Duration DEFAULT_VALIDITY = Duration.ofHours(720);
    static final Duration DEFAULT_SKEW = Duration.ofMinutes(10);
    static final Duration MAX_VALIDITY = Duration.ofDays(365);

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
        return GoDuration.parse(name, value);
    }
}
