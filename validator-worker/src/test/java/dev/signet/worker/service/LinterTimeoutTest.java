package dev.signet.worker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.signet.blob.BlobRef;
import dev.signet.model.jobs.Channel;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationMessage;
import dev.signet.worker.linter.TestLinter;
import dev.signet.worker.validation.TestXpi;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job path with a linter that takes longer than worker.linter.timeout: a failed validation, never a hang. */
class LinterTimeoutTest {

    @TempDir
    Path dir;

    @Test
    void aLinterPastItsTimeoutIsAFailedValidation() throws Exception {
        JobPath path = JobPath.wire(Map.of(
                "worker.storage.root", dir.resolve("blobs").toString(),
                "worker.storage.temp-dir", dir.resolve("scratch").toString(),
                "worker.signer.url", "http://127.0.0.1:1",
                "worker.signer.hawk-id", "unused",
                "worker.signer.hawk-key", "unused",
                "worker.linter.timeout", "PT0.5S"));
        try {
            byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js")
                    .add("big.js", TestLinter.slowScript()).bytes();
            BlobRef blob = path.blobs().putBytes("uploads", xpi);
            UploadJob job = new UploadJob(UploadJob.SCHEMA_VERSION, UUID.randomUUID().toString(),
                    "mv2-test@signet.dev", "1.0.0", Channel.UNLISTED, blob.key(), blob.sha256(), blob.size(),
                    Instant.now());
            UploadResult result = path.processor().process(job, () -> { });
            assertFalse(result.valid());
            assertFalse(result.validation().success());
            ValidationMessage last = result.validation().messages().get(result.validation().messages().size() - 1);
            assertEquals(List.of("validator", "unexpected_exception"), last.id());
            assertEquals("Validation was unable to complete successfully due to an unexpected error: the add-on "
                    + "linter did not finish within 1 s.", last.description());
        } finally {
            path.processor().stop();
        }
    }
}
