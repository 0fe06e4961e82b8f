package dev.signet.worker.messaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts a {@link FakeSigner} and a temporary blob store, and points the worker at both. */
public class WorkerTestResource implements QuarkusTestResourceLifecycleManager {

    static FakeSigner signer;
    static Path blobRoot;

    @Override
    public Map<String, String> start() {
        signer = new FakeSigner();
        try {
            blobRoot = Files.createTempDirectory("worker-test-blobs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "worker.signer.url", signer.url(),
                "worker.signer.hawk-id", FakeSigner.HAWK_ID,
                "worker.signer.hawk-key", FakeSigner.HAWK_KEY,
                "worker.storage.root", blobRoot.toString(),
                "worker.storage.temp-dir", blobRoot.resolveSibling(blobRoot.getFileName() + "-scratch").toString(),
                "worker.retry.initial-backoff", "PT0.05S",
                "worker.retry.max-backoff", "PT0.2S");
    }

    @Override
    public void stop() {
        if (signer != null) {
            signer.close();
        }
    }
}
