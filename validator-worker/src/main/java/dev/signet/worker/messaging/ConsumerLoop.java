package dev.signet.worker.messaging;

import dev.signet.model.jobs.Topics;
import dev.signet.worker.metrics.WorkerMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One member of the worker's consumer group: a KafkaConsumer, its poll loop and its job thread. It processes the
 * jobs of its partitions one at a time, publishes each result and only then commits the job's offset; a crash
 * anywhere before the commit means the job is delivered again (at least once).
 *
 * <p>A job runs on the job thread while the loop keeps polling with the partitions paused: the group sees a
 * live member however long validation or a signer outage takes, so max.poll.interval is never what ends a
 * job. Whatever a job throws (Error included) fails that try only. An {@link OutOfMemoryError} halts the
 * process instead ({@link UploadJobConsumer#outOfMemory}).
 */
final class ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** What to do with one record, on the job thread. */
    @FunctionalInterface
    interface RecordHandler {
        void handle(ConsumerRecord<String, byte[]> record) throws Exception;
    }

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AutoCloseable clientMetrics;
    private final RecordHandler handler;
    private final ExecutorService jobThread;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile String deathCause;

    ConsumerLoop(String name, Map<String, Object> settings, RecordHandler handler, WorkerMetrics metrics) {
        this.name = name;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(settings);
        this.clientMetrics = metrics.bind(consumer);
        this.jobThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, name.replace("-consumer", ""));
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true); // never the reason a JVM whose startup failed stays up
        thread.start();
    }

    /** Asks the loop to stop; {@link #awaitStop()} waits for it. */
    void requestStop() {
        running = false;
        consumer.wakeup();
    }

    void awaitStop() throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.join(STOP_TIMEOUT.toMillis());
        if (t.isAlive()) {
            // A job is still in progress (signer retry or long validation): abandon it uncommitted.
            t.interrupt();
            t.join(STOP_TIMEOUT.toMillis());
        }
        jobThread.shutdownNow();
    }

    /** True while the loop thread runs; false once it has stopped, for whatever reason. */
    boolean isAlive() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /** Why the loop stopped when it was not asked to, or null. */
    String deathCause() {
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
                UploadJobConsumer.outOfMemory(e); // first: recording the death allocates, and could throw again before the halt
            }
            died(e.getClass().getSimpleName() + " in the poll loop", e);
        } finally {
            running = false;
            closeConsumer();
            LOG.infof("%s stopped", name);
        }
    }

    private void died(String cause, Throwable e) {
        deathCause = cause;
        LOG.fatalf(e, "%s died (%s): its partitions get no more jobs from this worker", name, cause);
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
                runWhilePolling(() -> handler.handle(record));
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
                UploadJobConsumer.outOfMemory(e.getCause());
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

    private void closeConsumer() {
        try {
            clientMetrics.close();
            consumer.close(Duration.ofSeconds(10));
        } catch (Exception e) {
            LOG.warn("closing the consumer failed", e);
        }
    }
}
