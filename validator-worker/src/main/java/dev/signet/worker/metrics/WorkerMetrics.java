package dev.signet.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * What the worker counts: validations by outcome and how long they took, signatures and signer refusals, signer
 * retries, and each consumer's Kafka client metrics (records-lag-max per partition is the consumer lag). Tags take
 * a few fixed values only.
 */
@ApplicationScoped
public class WorkerMetrics {

    private final MeterRegistry registry;
    private final Timer validation;
    private final Timer signing;
    private final Counter refused;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.validation = Timer.builder("signet_worker_validation").description("Validation of one upload")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        this.signing = Timer.builder("signet_worker_signing").description("Signing of one upload, retries included")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        this.refused = signerErrors("refused");
    }

    /** {@code outcome}: valid, invalid, timeout (the validation took too long) or error (the validator broke). */
    public void validated(String outcome, Duration took) {
        validation.record(took);
        Counter.builder("signet_worker_validations").description("Validations by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    /** {@code reused}: a redelivered job found the signature it made before, and nothing was signed. */
    public void signed(boolean reused, Duration took) {
        if (!reused) {
            signing.record(took);
        }
        Counter.builder("signet_worker_signatures").description("Signed uploads")
                .tag("reused", Boolean.toString(reused)).register(registry).increment();
    }

    /** The signer refused for good (a permanent error): the upload's result says signing failed. */
    public void signingRefused() {
        refused.increment();
    }

    /** Transient signer failures, each retried: read from the retry policy's own count. */
    public void transientSignerErrors(LongSupplier retries) {
        FunctionCounter.builder("signet_worker_signer_errors", retries, LongSupplier::getAsLong)
                .description("Signer errors by type").tag("type", "transient").register(registry);
    }

    /** Binds a consumer's client metrics (lag, fetch rate); close the result with the consumer. */
    public AutoCloseable bind(Consumer<?, ?> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }

    private Counter signerErrors(String type) {
        return Counter.builder("signet_worker_signer_errors").description("Signer errors by type").tag("type", type)
                .register(registry);
    }
}
