package dev.signet.worker.messaging;

import dev.signet.worker.metrics.WorkerMetrics;
import dev.signet.worker.service.JobAttempts;
import dev.signet.worker.service.JobPath;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;

/**
 * The worker's consumer loop with the real job classes, without Quarkus, in a JVM that {@link WorkerProcessIT}
 * can kill -9. Configuration comes from {@code -Dworker.*} system properties, as the local stack passes it.
 */
public final class WorkerProcessRun {

    private WorkerProcessRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        JobPath path = JobPath.wire(Map.of());
        UploadJobConsumer consumer = new UploadJobConsumer(path.config(), path.mapper(), path.processor(),
                new JobAttempts(path.config(), path.blobs()), new ResultPublisher(path.config(), path.mapper()),
                new WorkerMetrics(new SimpleMeterRegistry()));
        consumer.start(null);
        System.out.println("worker process: consuming");
        Thread.currentThread().join();
    }
}
