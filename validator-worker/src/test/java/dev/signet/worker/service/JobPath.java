package dev.signet.worker.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signet.blob.BlobStore;
import dev.signet.blob.FileSystemBlobStore;
import dev.signet.worker.client.SignerClient;
import dev.signet.worker.config.TestConfig;
import dev.signet.worker.config.WorkerBeans;
import dev.signet.worker.config.WorkerConfig;
import dev.signet.worker.linter.LinterPool;
import dev.signet.worker.linter.TestLinter;
import dev.signet.worker.metrics.WorkerMetrics;
import dev.signet.worker.storage.ScratchDir;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * The worker's real job classes wired by hand, as the CDI producers wire them, for JVMs the tests start with
 * their own heap or kill: a @QuarkusTest can do neither to itself.
 */
public record JobPath(WorkerConfig config, ObjectMapper mapper, BlobStore blobs, JobProcessor processor) {

    /** Quarkus's ObjectMapper defaults: ISO-8601 instants, unknown properties ignored. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Without worker.linter.dir in the properties or as a -D property, the build's installation is used. */
    public static JobPath wire(Map<String, String> properties) {
        Map<String, String> withLinter = new HashMap<>(properties);
        if (System.getProperty("worker.linter.dir") == null) {
            withLinter.putIfAbsent("worker.linter.dir", TestLinter.dir().toString());
        }
        WorkerConfig config = TestConfig.worker(withLinter);
        ObjectMapper mapper = newMapper();
        BlobStore blobs = new FileSystemBlobStore(config.storage().root());
        ScratchDir scratch = ScratchDir.open(config.storage().tempDir());
        LinterPool linter = WorkerBeans.linterPool(config.linter(), mapper);
        Runtime.getRuntime().addShutdownHook(new Thread(linter::close));
        JobProcessor processor = new JobProcessor(config, blobs, scratch,
                WorkerBeans.uploadValidator(config, linter, mapper), new SignerClient(config, mapper, scratch),
                new RetryPolicy(config), new WorkerMetrics(new SimpleMeterRegistry()));
        return new JobPath(config, mapper, blobs, processor);
    }
}
