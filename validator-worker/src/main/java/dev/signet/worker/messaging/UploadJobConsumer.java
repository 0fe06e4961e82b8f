package dev.signet.worker.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.model.jobs.Topics;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.worker.config.WorkerConfig;
import dev.signet.worker.service.JobProcessor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The worker's only loop: poll {@link Topics#UPLOAD_JOBS}, process each job, publish its result, and only then
 * commit the job's offset. A crash anywhere before the commit means the job is delivered again (at least
 * once); amo-api keeps the first result per upload id. A record that is not a job is logged and skipped.
 */
@ApplicationScoped
public class UploadJobConsumer {

    private static final Logger LOG = Logger.getLogger(UploadJobConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final WorkerConfig config;
    private final ObjectMapper mapper;
    private final JobProcessor processor;
    private final ResultPublisher publisher;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public UploadJobConsumer(WorkerConfig config, ObjectMapper mapper, JobProcessor processor,
            ResultPublisher publisher) {
        this.config = config;
        this.mapper = mapper;
        this.processor = processor;
        this.publisher = publisher;
    }

    /** After the {@code @Startup} beans (priority 2500), so a config error stops startup before polling. */
    void start(@Observes @Priority(5000) StartupEvent event) {
        consumer = new KafkaConsumer<>(KafkaSettings.consumer(config.kafka()));
        running = true;
        thread = new Thread(this::run, "upload-job-consumer");
        thread.setDaemon(true); // never the reason a JVM whose startup failed stays up
        thread.start();
        LOG.infof("consuming %s as group %s from %s", Topics.UPLOAD_JOBS, config.kafka().groupId(),
                config.kafka().bootstrapServers());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        consumer.wakeup();
        t.join(STOP_TIMEOUT.toMillis());
        if (t.isAlive()) {
            // A job is still in progress (signer retry or long validation): abandon it uncommitted.
            t.interrupt();
            t.join(STOP_TIMEOUT.toMillis());
        }
    }

    /** True while the loop thread runs; false once it has stopped, for whatever reason. */
    public boolean isAlive() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.UPLOAD_JOBS));
            while (running) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("consumer woken up unexpectedly", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConsumer();
            running = false;
            LOG.info("consumer stopped");
        }
    }

    private void pollOnce() throws InterruptedException {
        ConsumerRecords<String, byte[]> records;
        try {
            records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("poll failed; retrying", e);
            Thread.sleep(FAILURE_PAUSE.toMillis());
            return;
        }
        // Next offset to (re)process per partition, so a failure can rewind exactly what was not committed.
        Map<TopicPartition, Long> pending = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            pending.put(partition, records.records(partition).get(0).offset());
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            if (!running) {
                return; // shutting down: what is not committed goes to the next owner of the partition
            }
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            try {
                handle(record);
                commit(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                pending.put(partition, record.offset() + 1);
            } catch (WakeupException | InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.errorf(e, "job at %s@%d not completed; it will be processed again", partition, record.offset());
                rewind(pending);
                Thread.sleep(FAILURE_PAUSE.toMillis());
                return;
            }
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // The shutdown wakeup landed here instead of in poll(): the job is done, so still record that.
            consumer.commitSync(offsets);
        }
    }

    private void rewind(Map<TopicPartition, Long> pending) {
        var assigned = consumer.assignment();
        pending.forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        Optional<UploadJob> job = decode(record);
        if (job.isEmpty()) {
            return;
        }
        UploadJob j = job.get();
        LOG.infof("upload %s: processing %s %s (%s)", j.uploadId(), j.addonGuid(), j.version(), j.fileKey());
        UploadResult result = processor.process(j);
        publisher.publish(result);
        LOG.infof("upload %s: result published, valid=%s", j.uploadId(), result.valid());
    }

    private Optional<UploadJob> decode(ConsumerRecord<String, byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (record.value() == null) {
            LOG.warnf("skipping %s: empty message", where);
            return Optional.empty();
        }
        UploadJob job;
        try {
            job = mapper.readValue(record.value(), UploadJob.class);
        } catch (IOException e) {
            LOG.warnf("skipping %s: not an upload job: %s", where, e.getMessage());
            return Optional.empty();
        }
        if (job == null || job.schemaVersion() != UploadJob.SCHEMA_VERSION) {
            LOG.warnf("skipping %s: unsupported schemaVersion %s", where, job == null ? null : job.schemaVersion());
            return Optional.empty();
        }
        if (job.uploadId() == null || job.uploadId().isBlank()) {
            LOG.warnf("skipping %s: job without uploadId", where);
            return Optional.empty();
        }
        return Optional.of(job);
    }

    private void closeConsumer() {
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer failed", e);
        }
    }
}
