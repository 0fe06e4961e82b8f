package dev.signet.autograph.metrics;

import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code signet_signer_certificate_expiry_days{signer}}: days until the earliest {@code notAfter} among the
 * certificates a signer uses ({@link Signer#certificates()}), negative once expired. Signers with bare keys have
 * no series. The value is computed at each scrape, so it counts down without a restart.
 */
@Startup
@ApplicationScoped
public class CertificateExpiryMetrics {

    static final String EXPIRY = "signet.signer.certificate.expiry.days";
    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    public CertificateExpiryMetrics(MeterRegistry registry, SignerRegistry signers) {
        Clock clock = Clock.systemUTC();
        for (Signer s : signers.all()) {
            if (!s.certificates().isEmpty()) {
                Gauge.builder(EXPIRY, s, signer -> daysLeft(signer.certificates(), clock.instant()))
                        .description("Days until the signer's first certificate expires; negative when expired")
                        .tag("signer", s.id())
                        .strongReference(true)
                        .register(registry);
            }
        }
    }

    static double daysLeft(List<X509Certificate> certificates, Instant now) {
        Instant first = certificates.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo)
                .orElseThrow();
        return Duration.between(now, first).toMillis() / MILLIS_PER_DAY;
    }
}
