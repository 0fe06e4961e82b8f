package dev.signet.worker.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.model.jobs.Topics;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.worker.config.WorkerConfig;
import dev.signet.worker.service.JobAttempts;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
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
 *
 * <p>A job runs on its own thread while this one keeps polling with the partitions paused: the group sees a
 * live member however long validation or a signer outage takes, so max.poll.interval is never what ends a
 * job. Whatever a job throws (Error included) fails that try only; {@link JobAttempts} bounds the tries. An
 * {@link OutOfMemoryError} halts the process instead: after it no thread's state can be trusted (a Kafka
 * client thread may have died too), the attempts record already counts the try, and the supervisor restarts
 * the worker. If this loop itself ever stops, the health checks report it (liveness and readiness DOWN).
 */
@ApplicationScoped
public class UploadJobConsumer {

    private static final Logger LOG = Logger.getLogger(UploadJobConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The exit status after an OutOfMemoryError, as -XX:+ExitOnOutOfMemoryError would end the JVM. */
    static final int OUT_OF_MEMORY_EXIT = 3;
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final WorkerConfig config;
    private final ObjectMapper mapper;
    private final JobProcessor processor;
    private final JobAttempts attempts;
    private final ResultPublisher publisher;
    private final ExecutorService jobThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "upload-job");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile String deathCause;

    public UploadJobConsumer(WorkerConfig config, ObjectMapper mapper, JobProcessor processor, JobAttempts attempts,
            ResultPublisher publisher) {
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
        consumer = new KafkaConsumer<>(KafkaSettings.consumer(config.kafka()));
        running = true;
        thread = new Thread(this::run, "upload-job-consumer");
        thread.setDaemon(true); // never the reason a JVM whose startup failed stays up
        thread.start();
        LOG.infof("consuming %s as group %s%s from %s", Topics.UPLOAD_JOBS, config.kafka().groupId(),
                config.kafka().groupInstanceId().map(id -> " (static member " + id + ")").orElse(""),
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
        jobThread.shutdownNow();
    }

    /** True while the loop thread runs; false once it has stopped, for whatever reason. */
    public boolean isAlive() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /** Why the loop stopped when it was not asked to, or null. */
    public String deathCause() {
        return deathCause;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.UPLOAD_JOBS));
            while (running) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (running) {
                died("woken up unexpectedly", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            if (e instanceof OutOfMemoryError) {
                outOfMemory(e); // first: recording the death allocates, and could throw again before the halt
            }
            died(e.getClass().getSimpleName() + " in the poll loop", e);
        } finally {
            running = false;
            closeConsumer();
            LOG.info("consumer stopped");
        }
    }

    private void died(String cause, Throwable e) {
        deathCause = cause;
        LOG.fatalf(e, "consumer loop died (%s): no more jobs will be processed by this worker", cause);
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
                runWhilePolling(() -> handle(record));
                commit(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                pending.put(partition, record.offset() + 1);
            } catch (WakeupException | InterruptedException e) {
                throw e;
            } catch (Throwable e) {
                LOG.errorf(e, "job at %s@%d not completed; it will be processed again", partition, record.offset());
                rewind(pending);
                pauseWhilePolling(FAILURE_PAUSE);
                return;
            }
        }
    }

    /** A job's work, run on the job thread. */
    @FunctionalInterface
    private interface Job {
        void run() throws Exception;
    }

    /**
     * Runs {@code job} on the job thread and polls (partitions paused, nothing fetched) until it ends, so the
     * group keeps this member. An OutOfMemoryError from the job halts the process; any other Throwable is
     * rethrown as it was.
     */
    private void runWhilePolling(Job job) throws Throwable {
        Future<Void> task = jobThread.submit(() -> {
            job.run();
            return null;
        });
        try {
            waitPolling(task);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OutOfMemoryError) {
                outOfMemory(e.getCause());
            }
            if (e.getCause() instanceof InterruptedException && running) {
                throw new IllegalStateException("job interrupted", e.getCause()); // a failed try, not a shutdown
            }
            throw e.getCause();
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        }
    }

    private void waitPolling(Future<Void> task) throws ExecutionException, InterruptedException {
        boolean polling = true;
        try {
            while (true) {
                try {
                    task.get(POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (polling) {
                        polling = keepAlive();
                    }
                }
            }
        } finally {
            consumer.resume(consumer.paused());
        }
    }

    /** One empty poll; false once shutdown woke the consumer up (then the job is just awaited). */
    private boolean keepAlive() {
        try {
            consumer.pause(consumer.assignment());
            ConsumerRecords<String, byte[]> unexpected = consumer.poll(Duration.ZERO);
            // Partitions assigned by a rebalance during the wait are not paused yet: put back what they gave.
            for (TopicPartition partition : unexpected.partitions()) {
                consumer.seek(partition, unexpected.records(partition).get(0).offset());
            }
            consumer.pause(consumer.assignment());
            return true;
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            return false;
        } catch (RuntimeException e) {
            // The job is still running: keep waiting for it, the next poll may well succeed.
            LOG.warn("poll while a job runs failed; retrying", e);
            return true;
        }
    }

    /** A pause that still polls, for the same reason as {@link #runWhilePolling}. */
    private void pauseWhilePolling(Duration pause) throws InterruptedException {
        try {
            runWhilePolling(() -> Thread.sleep(pause.toMillis()));
        } catch (InterruptedException | WakeupException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
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

    /**
     * The attempt is counted before any work; a result is published even for an exhausted job, so the upload
     * never stays pending. A publish failure (Kafka unavailable) is not the job's fault and is given back.
     */
    private void handle(ConsumerRecord<String, byte[]> record) throws Exception {
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
            publisher.publish(result);
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

    private void closeConsumer() {
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer failed", e);
        }
    }
}
