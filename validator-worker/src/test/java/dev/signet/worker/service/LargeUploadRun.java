package dev.signet.worker.service;

import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.Channel;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The worker's job path (fetch, validate, sign, store) wired from the real classes, for a JVM started with a
 * small heap by {@link LargeUploadIT}: a @QuarkusTest cannot choose its own heap. Arguments: blob root, scratch
 * dir, signer url, upload blob key, add-on id, upload id, result file.
 */
public final class LargeUploadRun {

    private LargeUploadRun() {
    }

    public static void main(String[] args) throws Exception {
        JobPath path = JobPath.wire(Map.of(
                "worker.storage.root", args[0],
                "worker.storage.temp-dir", args[1],
                "worker.signer.url", args[2],
                "worker.signer.hawk-id", "test-worker",
                "worker.signer.hawk-key", "test-only-hawk-key-not-a-secret",
                "worker.retry.initial-backoff", "PT0.05S",
                "worker.retry.max-backoff", "PT0.2S"));
        BlobStore blobs = path.blobs();
        JobProcessor processor = path.processor();
        UploadJob job = new UploadJob(UploadJob.SCHEMA_VERSION, args[5], args[4], "1.0.0", Channel.UNLISTED, args[3],
                args[3].substring(args[3].lastIndexOf('/') + 1), blobs.size(args[3]), Instant.now());
        long start = System.nanoTime();
        UploadResult result = processor.process(job, () -> { });
        long millis = (System.nanoTime() - start) / 1_000_000;
        Files.write(Path.of(args[6]), path.mapper().writeValueAsBytes(result));
        System.out.printf("processed in %d ms, max heap %d MiB, peak heap used %d MiB%n", millis,
                Runtime.getRuntime().maxMemory() >> 20, peakHeapUsed() >> 20);
        processor.stop();
    }

    /** Sum of the heap pools' peaks: an upper bound of what the job needed at once. */
    private static long peakHeapUsed() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
