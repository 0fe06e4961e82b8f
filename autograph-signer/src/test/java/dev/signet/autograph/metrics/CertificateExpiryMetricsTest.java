package dev.signet.autograph.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.autograph.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateExpiryMetricsTest {

    private static final TestPki PKI = TestPki.generate();

    @Test
    void theEarliestNotAfterCountsAndAnExpiredCertificateIsNegative() {
        X509Certificate root = PKI.root();
        X509Certificate intermediate = PKI.intermediate();
        Instant first = root.getNotAfter().before(intermediate.getNotAfter()) ? root.getNotAfter().toInstant()
                : intermediate.getNotAfter().toInstant();
        List<X509Certificate> chain = List.of(root, intermediate);

        assertEquals(10.0, CertificateExpiryMetrics.daysLeft(chain, first.minus(Duration.ofDays(10))), 1e-9);
        assertEquals(0.5, CertificateExpiryMetrics.daysLeft(chain, first.minus(Duration.ofHours(12))), 1e-9);
        assertEquals(-2.0, CertificateExpiryMetrics.daysLeft(chain, first.plus(Duration.ofDays(2))), 1e-9);
    }
}
