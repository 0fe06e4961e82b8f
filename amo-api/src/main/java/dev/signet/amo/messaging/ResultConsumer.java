package dev.signet.amo.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.metrics.PipelineMetrics;
import dev.signet.amo.service.ResultService;
import dev.signet.model.jobs.Topics;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.requestid.RequestIds;
import dev.signet.requestid.RequestIdMdc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Applies validator-worker results. Offsets are committed only after the results are in the database, and
 * applying a result twice changes nothing, so delivery is at-least-once and the outcome exactly-once.
 */
@ApplicationScoped
public class ResultConsumer {

    private static final Logger LOG = Logger.getLogger(ResultConsumer.class);

    private final KafkaClients kafka;
    private final ResultService results;
    private final ObjectMapper json;
    private final PipelineMetrics metrics;
    private volatile boolean running;
    private KafkaConsumer<String, String> consumer;
    private Thread thread;

    public ResultConsumer(KafkaClients kafka, ResultService results, ObjectMapper json, PipelineMetrics metrics) {
        this.kafka = kafka;
        this.results = results;
        this.json = json;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        consumer = kafka.consumer();
        running = true;
        thread = new Thread(this::loop, "result-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(Topics.UPLOAD_RESULTS));
            while (running) {
                var records = consumer.poll(Duration.ofSeconds(1));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, String> record : records) {
                    // The upload's request id for everything this result causes, cleared before the next one.
                    try (RequestIdMdc.Scope scope = RequestIdMdc.open(requestId(record))) {
                        applyWithRetry(record);
                    }
                }
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("result consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("result consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void applyWithRetry(ConsumerRecord<String, String> record) {
        UploadResult result;
        try {
            result = json.readValue(record.value(), UploadResult.class);
        } catch (Exception e) {
            LOG.errorf("skipping malformed result at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (result.schemaVersion() != UploadResult.SCHEMA_VERSION) {
            LOG.errorf("skipping result with unknown schemaVersion %d for upload %s", result.schemaVersion(),
                    result.uploadId());
            return;
        }
        long backoff = 200;
        while (running) {
            try {
                ResultService.Applied applied = results.apply(result);
                LOG.infof("upload %s: result recorded (valid=%s, signed=%s)", result.uploadId(), result.valid(),
                        applied.signed());
                count(applied);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("applying result for upload %s failed (%s); retrying", result.uploadId(), e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /** The id the worker carried back (the upload's), or a new one for a result without a usable one. */
    private static String requestId(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(RequestIds.KAFKA_HEADER);
        return RequestIds.fromHeader(header == null ? null : header.value());
    }

    private void count(ResultService.Applied applied) {
        if (applied.processed()) {
            metrics.processed(applied.valid());
        }
        if (applied.signed()) {
            metrics.signed(applied.afterReview(), Duration.between(applied.uploadedAt(), Instant.now()));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
