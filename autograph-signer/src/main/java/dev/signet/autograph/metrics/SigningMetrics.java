package dev.signet.autograph.metrics;

import dev.signet.autograph.service.SignatureRequestKind;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code signet_signer_sign_seconds{signer,kind}} and {@code signet_signer_errors_total{signer,kind,type}}. The
 * {@code signer} tag is always a configured signer id, taken from the resolved {@link Signer} and never from the
 * request, or {@value #UNKNOWN_SIGNER} when the request failed before its signer was resolved and authorized; a
 * caller sending random key ids cannot add series.
 */
@Startup
@ApplicationScoped
public class SigningMetrics {

    public static final String UNKNOWN_SIGNER = "unknown";
    static final String SIGN = "signet.signer.sign";
    static final String ERRORS = "signet.signer.errors";

    // Fixed buckets (not Micrometer's ~70 default ones) keep histogram_quantile usable at a few series per signer.
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    private final Map<String, Map<SignatureRequestKind, Timer>> timers = new HashMap<>();

    public SigningMetrics(MeterRegistry registry, SignerRegistry signers) {
        this.registry = registry;
        // Registered up front for every capability a signer has, so each series exists from 0 and rate() works
        // from the first signature.
        for (Signer s : signers.all()) {
            Map<SignatureRequestKind, Timer> byKind = new EnumMap<>(SignatureRequestKind.class);
            for (SignatureRequestKind kind : SignatureRequestKind.values()) {
                if (kind.supportedBy(s)) {
                    byKind.put(kind, timer(s.id(), kind));
                }
            }
            timers.put(s.id(), byKind);
        }
    }

    public void signed(Signer signer, SignatureRequestKind kind, long nanos) {
        Timer t = timers.getOrDefault(signer.id(), Map.of()).get(kind);
        (t == null ? timer(signer.id(), kind) : t).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param signer the resolved signer, or null when the request failed before it was chosen */
    public void failed(Signer signer, SignatureRequestKind kind, Throwable error) {
        Counter.builder(ERRORS)
                .description("Signature requests that failed, by signer, endpoint and error type")
                .tag("signer", signer == null ? UNKNOWN_SIGNER : signer.id())
                .tag("kind", kind.endpoint())
                .tag("type", SigningErrorType.of(error).tag())
                .register(registry)
                .increment();
    }

    private Timer timer(String signerId, SignatureRequestKind kind) {
        return Timer.builder(SIGN)
                .description("Time to make one signature (one input or file), excluding request parsing")
                .tag("signer", signerId)
                .tag("kind", kind.endpoint())
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
