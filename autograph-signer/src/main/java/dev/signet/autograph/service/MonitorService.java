package dev.signet.autograph.service;

import dev.signet.autograph.config.SignerServiceConfig;
import dev.signet.autograph.rest.ApiException;
import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.MultipleFileSigner;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerException;
import dev.signet.autograph.signer.SignerRegistry;
import dev.signet.autograph.signer.TestFileProvider;
import dev.signet.model.signer.SignatureResponse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Autograph's monitor: every signer signs {@code AUTOGRAPH MONITORING} (file-only signers a small test file) at
 * startup and every {@code signer.monitor-interval}; {@code /__monitor__} answers from the last pass and waits for
 * the first one. The heartbeat reuses a pass younger than {@code signer.heartbeat.max-age} or runs a fresh one
 * (coalesced, bounded by {@code signer.heartbeat.timeout}), so an unauthenticated endpoint cannot make the service
 * sign on every call.
 */
@ApplicationScoped
public class MonitorService {

    public static final byte[] MONITORING_INPUT = "AUTOGRAPH MONITORING".getBytes(StandardCharsets.US_ASCII);
    private static final Logger LOG = Logger.getLogger(MonitorService.class);

    /** What one signer produced in a pass; the response envelope is built per request (x5u uses its Host). */
    record Output(Signer signer, String ref, String signature, byte[] signedFile,
            List<dev.signet.model.signer.NamedFile> signedFiles) {
    }

    /** The result of signing with every signer once. */
    public record Pass(Instant at, List<Output> outputs, List<String> errors, List<String> failedSignerIds) {
    }

    private final Supplier<Collection<Signer>> signers;
    private final Duration interval;
    private final Duration heartbeatMaxAge;
    private final Duration heartbeatTimeout;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "signer-monitor");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Pass> firstPass = new CompletableFuture<>();
    private volatile Pass last;
    private CompletableFuture<Pass> running;

    @Inject
    public MonitorService(SignerRegistry registry, SignerServiceConfig config) {
        this(registry::all, config.monitorInterval(), config.heartbeat().maxAge(), config.heartbeat().timeout());
    }

    MonitorService(Supplier<Collection<Signer>> signers, Duration interval, Duration heartbeatMaxAge,
            Duration heartbeatTimeout) {
        this.signers = signers;
        this.interval = positiveOr(interval, Duration.ofMinutes(5));
        this.heartbeatMaxAge = heartbeatMaxAge;
        this.heartbeatTimeout = heartbeatTimeout;
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void start() {
        executor.scheduleAtFixedRate(this::refreshNow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    void stop() {
        executor.shutdownNow();
    }

    /**
     * The last pass as Autograph answers {@code /__monitor__}: one response per signer in config order, or a 500
     * listing every signer error. Waits for the first pass after startup.
     */
    public List<SignatureResponse> responses(String requestHost) {
        Pass pass = awaitFirstPass();
        if (!pass.errors().isEmpty()) {
            StringBuilder sb = new StringBuilder("Errors encountered during signing:");
            for (int i = 0; i < pass.errors().size(); i++) {
                sb.append(' ').append(i + 1).append(". ").append(pass.errors().get(i));
            }
            throw new ApiException(500, sb.toString());
        }
        List<SignatureResponse> out = new ArrayList<>(pass.outputs().size());
        for (Output o : pass.outputs()) {
            Signer s = o.signer();
            out.add(new SignatureResponse(o.ref(), s.type(), s.mode(), s.id(), s.publicKey(), o.signature(),
                    o.signedFile(), o.signedFiles(), SigningService.x5u(s, requestHost), s.signerOpts()));
        }
        return out;
    }

    /**
     * Ids of the signers that failed in a pass at most {@code heartbeat.max-age} old (empty: all answer); a pass
     * that does not finish within {@code heartbeat.timeout} gives {@code ["<timeout>"]}. No error details: the
     * heartbeat is unauthenticated.
     */
    public List<String> failingSigners() {
        Pass pass = last;
        if (pass != null && pass.at().plus(heartbeatMaxAge).isAfter(Instant.now())) {
            return pass.failedSignerIds();
        }
        try {
            return refreshAsync().get(heartbeatTimeout.toMillis(), TimeUnit.MILLISECONDS).failedSignerIds();
        } catch (TimeoutException e) {
            LOG.errorf("heartbeat: signers did not answer within %d ms", heartbeatTimeout.toMillis());
            return List.of("<timeout>");
        } catch (ExecutionException e) {
            LOG.error("heartbeat: signer check failed", e.getCause());
            return List.of("<error>");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("<interrupted>");
        }
    }

    private Pass awaitFirstPass() {
        try {
            return firstPass.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("monitor: first pass failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("monitor: interrupted", e);
        }
    }

    // Concurrent heartbeats share one pass instead of each signing with every signer.
    private synchronized CompletableFuture<Pass> refreshAsync() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::refreshNow, executor);
        }
        return running;
    }

    Pass refreshNow() {
        List<Output> outputs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Signer s : signers.get()) {
            try {
                outputs.add(signOne(s));
            } catch (SignerException | RuntimeException e) {
                LOG.errorf(e, "monitor: signer %s failed", s.id());
                errors.add("signer " + s.id() + ": " + e.getMessage());
                failed.add(s.id());
            }
        }
        Pass pass = new Pass(Instant.now(), List.copyOf(outputs), List.copyOf(errors), List.copyOf(failed));
        last = pass;
        firstPass.complete(pass);
        return pass;
    }

    private static Output signOne(Signer s) throws SignerException {
        String ref = SigningService.newRef();
        if (s instanceof DataSigner d) {
            return new Output(s, ref, d.signData(MONITORING_INPUT, s.defaultOptions()), null, null);
        }
        if (s instanceof FileSigner f) {
            byte[] file = s instanceof TestFileProvider t ? t.testFile() : MONITORING_INPUT;
            return new Output(s, ref, null, f.signFile(file, s.defaultOptions()), null);
        }
        if (s instanceof MultipleFileSigner m && s instanceof TestFileProvider t) {
            return new Output(s, ref, null, null, SigningService.toWire(m.signFiles(t.testFiles(), s.defaultOptions())));
        }
        throw SignerException.failure("no way to sign monitoring data (not a data or file signer, no test files)",
                null);
    }

    private static Duration positiveOr(Duration d, Duration fallback) {
        return d == null || d.isNegative() || d.isZero() ? fallback : d;
    }
}
