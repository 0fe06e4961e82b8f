package dev.signet.amo.webhook;

import dev.signet.amo.auth.SecretCipher;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.metrics.PipelineMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries: claims a batch, sends it in parallel (a slow receiver holds up one thread, not the batch
 * past its lease), writes each outcome as it comes. Every replica with amo.webhooks.enabled polls.
 */
@ApplicationScoped
public class DeliveryPoller {

    private static final Logger LOG = Logger.getLogger(DeliveryPoller.class);

    private final DeliveryQueue queue;
    private final WebhookSender sender;
    private final SecretCipher cipher;
    private final AmoConfig.Webhooks config;
    private final PipelineMetrics metrics;
    private final ExecutorService senders;

    public DeliveryPoller(DeliveryQueue queue, WebhookSender sender, SecretCipher cipher, AmoConfig config,
            PipelineMetrics metrics) {
        this.metrics = metrics;
        this.queue = queue;
        this.sender = sender;
        this.cipher = cipher;
        this.config = config.webhooks();
        this.senders = Executors.newFixedThreadPool(this.config.batchSize(), r -> {
            Thread t = new Thread(r, "webhook-sender");
            t.setDaemon(true);
            return t;
        });
    }

    @Scheduled(every = "${amo.webhooks.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!config.enabled()) {
            return;
        }
        try {
            int claimed;
            do {
                claimed = deliverBatch();
            } while (claimed == config.batchSize());
        } catch (RuntimeException e) {
            LOG.warnf("webhook delivery: %s (will retry)", e.getMessage());
        }
    }

    private int deliverBatch() {
        List<DeliveryQueue.Claimed> batch = queue.claim(config.batchSize());
        List<Future<?>> running = new ArrayList<>(batch.size());
        for (DeliveryQueue.Claimed c : batch) {
            running.add(senders.submit(() -> deliver(c)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            } catch (ExecutionException e) {
                LOG.warnf("webhook delivery: %s (the lease brings it back)", e.getCause().getMessage());
            }
        }
        return batch.size();
    }

    private void deliver(DeliveryQueue.Claimed c) {
        Instant at = Instant.now();
        DeliveryQueue.Outcome outcome = sender.send(c.url(), c.eventId(), c.payload(),
                cipher.decrypt(c.secretCiphertext()));
        queue.finish(c, at, outcome);
        metrics.webhookAttempt(outcome.delivered() ? "delivered"
                : c.attempt() >= queue.maxAttempts() ? "given_up" : "failed");
        if (!outcome.delivered()) {
            LOG.debugf("webhook %s attempt %d to delivery %d: %s", c.eventId(), c.attempt(), c.deliveryId(),
                    outcome.status() != null ? "HTTP " + outcome.status() : outcome.error());
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        senders.shutdownNow();
        senders.awaitTermination(5, TimeUnit.SECONDS);
    }
}
