package dev.signet.worker.service;

import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.signer.SignatureResponse;
import dev.signet.model.validation.ValidationReport;
import dev.signet.worker.client.SignerClient;
import dev.signet.worker.client.SignerException;
import dev.signet.worker.config.WorkerConfig;
import dev.signet.worker.validation.Findings;
import dev.signet.worker.validation.ValidationTarget;
import dev.signet.worker.validation.XpiValidator;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Turns one job into one result: fetch the upload, validate it (bounded in time), and sign it when valid.
 * Whatever goes wrong with the upload itself ends in a result; only local failures (no temp space) and
 * interruption escape, and then the job is redelivered.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);
    static final List<String> SIGNING_FAILED = List.of("signing", "failed");

    private final BlobStore blobs;
    private final XpiValidator validator;
    private final SignerClient signer;
    private final RetryPolicy retry;
    private final Duration validationTimeout;
    private final ExecutorService validationThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "xpi-validation");
        thread.setDaemon(true);
        return thread;
    });

    public JobProcessor(WorkerConfig config, BlobStore blobs, XpiValidator validator, SignerClient signer) {
        this.blobs = blobs;
        this.validator = validator;
        this.signer = signer;
        this.retry = RetryPolicy.from(config.retry());
        this.validationTimeout = config.validation().timeout();
    }

    public UploadResult process(UploadJob job) throws InterruptedException {
        Path local = createTempFile();
        try {
            ValidationReport report = validate(job, local);
            if (!report.success()) {
                LOG.infof("upload %s: invalid (%d errors)", job.uploadId(), report.errors());
                return result(job, false, report);
            }
            return sign(job, local, report);
        } finally {
            deleteQuietly(local);
        }
    }

    private ValidationReport validate(UploadJob job, Path local) throws InterruptedException {
        Future<ValidationReport> task = validationThreads.submit(() -> {
            fetch(job.fileKey(), local);
            return validator.validate(local, new ValidationTarget(job.addonGuid(), job.version()));
        });
        try {
            return task.get(validationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            LOG.warnf("upload %s: validation timed out after %s", job.uploadId(), validationTimeout);
            return Findings.unexpectedException("validation did not finish within " + validationTimeout.toSeconds()
                    + " s.");
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "upload %s: validation failed unexpectedly", job.uploadId());
            return Findings.unexpectedException(e.getCause() instanceof NoSuchFileException
                    ? "the uploaded file was not found in storage."
                    : e.getCause().getClass().getSimpleName() + ".");
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        }
    }

    private UploadResult sign(UploadJob job, Path local, ValidationReport report) throws InterruptedException {
        try {
            byte[] file = Files.readAllBytes(local);
            SignatureResponse signature = retry.run("upload " + job.uploadId() + ": signing",
                    () -> signer.signUpload(file, job.addonGuid()));
            LOG.infof("upload %s: signed, ref=%s signer_id=%s", job.uploadId(), signature.ref(),
                    signature.signerId());
            // Skeleton stage: the detached signature is not stored; signedFile comes with the XPI signer.
            return result(job, true, report);
        } catch (SignerException e) {
            LOG.errorf("upload %s: signing failed: %s", job.uploadId(), e.getMessage());
            return result(job, false, Findings.withError(report, SIGNING_FAILED, "Signing failed",
                    (e.isTransient() ? "The signing service is unavailable: " : "The signing service refused: ")
                            + e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("upload " + job.uploadId() + ": cannot read local copy", e);
        }
    }

    private void fetch(String fileKey, Path local) throws IOException {
        try (InputStream in = blobs.open(fileKey)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static UploadResult result(UploadJob job, boolean valid, ValidationReport report) {
        return new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), valid, report, null, Instant.now());
    }

    private static Path createTempFile() {
        try {
            return Files.createTempFile("signet-upload-", ".xpi");
        } catch (IOException e) {
            throw new UncheckedIOException("worker: cannot create a temporary file", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("worker: cannot delete %s: %s", file, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        validationThreads.shutdownNow();
    }
}
