package dev.signet.worker.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signet.blob.BlobStore;
import dev.signet.blob.FileSystemBlobStore;
import dev.signet.model.jobs.Channel;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.worker.client.SignerClient;
import dev.signet.worker.config.TestConfig;
import dev.signet.worker.config.WorkerConfig;
import dev.signet.worker.storage.ScratchDir;
import dev.signet.worker.validation.ValidationLimits;
import dev.signet.worker.validation.XpiValidator;
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
        WorkerConfig config = TestConfig.worker(Map.of(
                "worker.storage.root", args[0],
                "worker.storage.temp-dir", args[1],
                "worker.signer.url", args[2],
                "worker.signer.hawk-id", "test-worker",
                "worker.signer.hawk-key", "test-only-hawk-key-not-a-secret",
                "worker.retry.initial-backoff", "PT0.05S",
                "worker.retry.max-backoff", "PT0.2S"));
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        BlobStore blobs = new FileSystemBlobStore(config.storage().root());
        ScratchDir scratch = ScratchDir.open(config.storage().tempDir());
        WorkerConfig.Validation v = config.validation();
        XpiValidator validator = new XpiValidator(new ValidationLimits(v.maxEntries(), v.maxEntrySize(),
                v.maxTotalSize(), v.maxCompressionRatio()));
        JobProcessor processor = new JobProcessor(config, blobs, scratch, validator,
                new SignerClient(config, mapper, scratch), new RetryPolicy(config));
        UploadJob job = new UploadJob(UploadJob.SCHEMA_VERSION, args[5], args[4], "1.0.0", Channel.UNLISTED, args[3],
                args[3].substring(args[3].lastIndexOf('/') + 1), blobs.size(args[3]), Instant.now());
        long start = System.nanoTime();
        UploadResult result = processor.process(job, () -> { });
        long millis = (System.nanoTime() - start) / 1_000_000;
        Files.write(Path.of(args[6]), mapper.writeValueAsBytes(result));
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
