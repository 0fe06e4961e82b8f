package dev.signet.worker.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.model.jobs.Topics;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.requestid.RequestIds;
import dev.signet.requestid.RequestIdMdc;
import dev.signet.worker.config.WorkerConfig;
import dev.signet.worker.metrics.WorkerMetrics;
import dev.signet.worker.service.JobAttempts;
import dev.signet.worker.service.JobProcessor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * The worker's consumers of {@link Topics#UPLOAD_JOBS}: {@code worker.kafka.consumers} members of the group in
 * this process ({@link ConsumerLoop}), each processing the jobs of its partitions one at a time, so one worker
 * validates and signs that many uploads at once (the broker spreads the partitions over the members). Each
 * job: count the attempt, process, publish the result, and only then commit its offset; amo-api keeps the first
 * result per upload id. A record that is not a job is logged and skipped.
 *
 * <p>{@link JobAttempts} bounds the tries of a job. An {@link OutOfMemoryError} anywhere halts the process:
 * after it no thread's state can be trusted (a Kafka client thread may have died too), the attempts record
 * already counts the try, and the supervisor restarts the worker. If a loop ever stops, the health checks
 * report it (liveness and readiness DOWN).
 */
@ApplicationScoped
public class UploadJobConsumer {

    private static final Logger LOG = Logger.getLogger(UploadJobConsumer.class);
    /** The exit status after an OutOfMemoryError, as -XX:+ExitOnOutOfMemoryError would end the JVM. */
    static final int OUT_OF_MEMORY_EXIT = 3;
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final WorkerConfig config;
    private final ObjectMapper mapper;
    private final JobProcessor processor;
    private final JobAttempts attempts;
    private final ResultPublisher publisher;
    private final WorkerMetrics metrics;
    private final List<ConsumerLoop> loops = new ArrayList<>();

    public UploadJobConsumer(WorkerConfig config, ObjectMapper mapper, JobProcessor processor, JobAttempts attempts,
            ResultPublisher publisher, WorkerMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.mapper = mapper;
        this.processor = processor;
        this.attempts = attempts;
        this.publisher = publisher;
    }

    /** After the {@code @Startup} beans (priority 2500), so a config error stops startup before polling. */
    void start(@Observes @Priority(5000) StartupEvent event) {
        // Any thread, Kafka's own included: an OutOfMemoryError anywhere leaves no state to trust.
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (e instanceof OutOfMemoryError) {
                outOfMemory(e);
            } else if (previous != null) {
                previous.uncaughtException(t, e);
            } else {
                System.err.print("Exception in thread \"" + t.getName() + "\" ");
                e.printStackTrace();
            }
        });
        int count = config.kafka().consumers();
        for (int i = 0; i < count; i++) {
            Map<String, Object> settings = KafkaSettings.consumer(config.kafka(), i);
            loops.add(new ConsumerLoop("upload-job-consumer-" + i, settings, this::handle, metrics));
        }
        loops.forEach(ConsumerLoop::start);
        LOG.infof("consuming %s as group %s with %d consumers%s from %s", Topics.UPLOAD_JOBS,
                config.kafka().groupId(), count,
                config.kafka().groupInstanceId().map(id -> " (static members " + id + "-<n>)").orElse(""),
                config.kafka().bootstrapServers());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        loops.forEach(ConsumerLoop::requestStop);
        for (ConsumerLoop loop : loops) {
            loop.awaitStop();
        }
    }

    /** True while every consumer loop runs; false once one has stopped, for whatever reason. */
    public boolean isAlive() {
        return !loops.isEmpty() && loops.stream().allMatch(ConsumerLoop::isAlive);
    }

    /** Why a loop stopped when it was not asked to, or null. */
    public String deathCause() {
        return loops.stream().map(ConsumerLoop::deathCause).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
    }

    /**
     * The JVM-wide decision for an OutOfMemoryError: stop at once, as -XX:+ExitOnOutOfMemoryError would. The
     * attempts record was written before the job started, so the restarted worker counts this try.
     */
    static void outOfMemory(Throwable e) {
        try {
            System.err.println("validator-worker: OutOfMemoryError, exiting with status " + OUT_OF_MEMORY_EXIT);
            LOG.fatal("OutOfMemoryError: exiting; the job will be counted as an attempt when it is redelivered");
        } catch (Throwable again) {
            // Out of memory while saying so: the halt below matters more than the message.
        } finally {
            Runtime.getRuntime().halt(OUT_OF_MEMORY_EXIT);
        }
    }

    /**
     * The attempt is counted before any work; a result is published even for an exhausted job, so the upload
     * never stays pending. A publish failure (Kafka unavailable) is not the job's fault and is given back.
     */
    private void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        // Set and cleared on the job thread: its validation, signer call and result go under this id only.
        Header header = record.headers().lastHeader(RequestIds.KAFKA_HEADER);
        String requestId = RequestIds.fromHeader(header == null ? null : header.value());
        try (RequestIdMdc.Scope scope = RequestIdMdc.open(requestId)) {
            handle(record, requestId);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, String requestId) throws Exception {
        Optional<UploadJob> job = decode(record);
        if (job.isEmpty()) {
            return;
        }
        UploadJob j = job.get();
        int attempt = attempts.begin(j.uploadId());
        LOG.infof("upload %s: processing %s %s (%s), attempt %d", j.uploadId(), j.addonGuid(), j.version(),
                j.fileKey(), attempt);
        UploadResult result = attempts.exhausted(attempt)
                ? processor.abandoned(j, attempt - 1)
                : processor.process(j, () -> attempts.forgive(j.uploadId(), attempt));
        try {
            publisher.publish(result, requestId);
        } catch (ResultPublisher.PublishException e) {
            attempts.forgive(j.uploadId(), attempt);
            throw e;
        }
        attempts.finished(j.uploadId());
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
        if (job.uploadId() == null || !UPLOAD_ID.matcher(job.uploadId()).matches()) {
            LOG.warnf("skipping %s: job without a usable uploadId", where);
            return Optional.empty();
        }
        return Optional.of(job);
    }
}
