package dev.signet.amo.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.signet.amo.review.ReviewDecided;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;

/**
 * What amo-api counts of the pipeline, once a change is committed (so a rolled-back transaction counts nothing):
 * results by outcome, the time from upload to signed file, review decisions and webhook attempts. Every tag takes
 * one of a few fixed values.
 */
@ApplicationScoped
public class PipelineMetrics {

    private final Counter valid;
    private final Counter invalid;
    private final Timer signedAutomatically;
    private final Timer signedAfterReview;
    private final Counter approved;
    private final Counter rejected;
    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.valid = processed(registry, "valid");
        this.invalid = processed(registry, "invalid");
        this.signedAutomatically = signed(registry, "false", Duration.ofMinutes(10));
        // A person's review takes hours or days: its own series, so it does not drown the pipeline's latency.
        this.signedAfterReview = signed(registry, "true", Duration.ofDays(7));
        this.approved = decisions(registry, "approve");
        this.rejected = decisions(registry, "reject");
    }

    public void processed(boolean isValid) {
        (isValid ? valid : invalid).increment();
    }

    /** {@code sinceUpload}: from the upload's acceptance to the signed file's arrival. */
    public void signed(boolean afterReview, Duration sinceUpload) {
        (afterReview ? signedAfterReview : signedAutomatically).record(sinceUpload.isNegative() ? Duration.ZERO
                : sinceUpload);
    }

    void decided(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReviewDecided decision) {
        (decision.approved() ? approved : rejected).increment();
    }

    /** {@code outcome}: delivered, failed (to be retried) or given_up. */
    public void webhookAttempt(String outcome) {
        Counter.builder("signet_webhook_attempts").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    private static Counter processed(MeterRegistry registry, String outcome) {
        return Counter.builder("signet_uploads_processed").description("Uploads whose validation result arrived")
                .tag("outcome", outcome).register(registry);
    }

    private static Timer signed(MeterRegistry registry, String afterReview, Duration max) {
        return Timer.builder("signet_upload_to_signed").description("From an upload's acceptance to its signed file")
                .tag("after_review", afterReview).publishPercentileHistogram().minimumExpectedValue(
                        Duration.ofMillis(100)).maximumExpectedValue(max).register(registry);
    }

    private static Counter decisions(MeterRegistry registry, String action) {
        return Counter.builder("signet_review_decisions").description("Review decisions on listed versions")
                .tag("action", action).register(registry);
    }
}
