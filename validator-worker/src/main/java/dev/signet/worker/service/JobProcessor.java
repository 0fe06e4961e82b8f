package dev.signet.worker.service;

import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.Channel;
import dev.signet.model.jobs.SignedFile;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
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
import java.util.Optional;
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
    static final String SIGNED_BY_UPLOAD = "signed-by-upload";

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
                return result(job, false, report, null);
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

    /**
     * Unlisted versions are signed automatically; listed ones wait for human review (nothing is signed here).
     * The signed file goes to the blob store and a record maps the upload to it, so a redelivered job reuses
     * the earlier signature instead of signing twice.
     */
    private UploadResult sign(UploadJob job, Path local, ValidationReport report) throws InterruptedException {
        if (job.channel() == Channel.LISTED) {
            LOG.infof("upload %s: valid, listed: awaiting review", job.uploadId());
            return result(job, true, report, null);
        }
        try {
            Optional<SignedFile> earlier = earlierSignature(job);
            if (earlier.isPresent()) {
                LOG.infof("upload %s: already signed (%s), reusing", job.uploadId(), earlier.get().fileKey());
                return result(job, true, report, earlier.get());
            }
            byte[] file = Files.readAllBytes(local);
            SignerClient.SignedXpi signed = retry.run("upload " + job.uploadId() + ": signing",
                    () -> signer.signXpi(file, job.addonGuid()));
            BlobRef blob = blobs.putBytes("signed", signed.content());
            SignedFile signedFile = new SignedFile(blob.key(), blob.sha256(), blob.size(), signed.signerId());
            blobs.putRecord(SIGNED_BY_UPLOAD, job.uploadId(), blob.key() + " " + signed.signerId());
            LOG.infof("upload %s: signed, ref=%s signer_id=%s sha256=%s", job.uploadId(), signed.ref(),
                    signed.signerId(), blob.sha256());
            return result(job, true, report, signedFile);
        } catch (SignerException e) {
            LOG.errorf("upload %s: signing failed: %s", job.uploadId(), e.getMessage());
            return result(job, false, Findings.withError(report, SIGNING_FAILED, "Signing failed",
                    (e.isTransient() ? "The signing service is unavailable: " : "The signing service refused: ")
                            + e.getMessage()), null);
        } catch (IOException e) {
            throw new UncheckedIOException("upload " + job.uploadId() + ": storing the signed file", e);
        }
    }

    private Optional<SignedFile> earlierSignature(UploadJob job) throws IOException {
        Optional<String> record = blobs.getRecord(SIGNED_BY_UPLOAD, job.uploadId());
        if (record.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = record.get().split(" ", 2);
        if (!blobs.exists(parts[0])) {
            return Optional.empty();
        }
        String sha256 = parts[0].substring(parts[0].lastIndexOf('/') + 1);
        return Optional.of(new SignedFile(parts[0], sha256, blobs.size(parts[0]), parts.length > 1 ? parts[1] : ""));
    }

    private void fetch(String fileKey, Path local) throws IOException {
        try (InputStream in = blobs.open(fileKey)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static UploadResult result(UploadJob job, boolean valid, ValidationReport report, SignedFile signed) {
        return new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), valid, report, signed, Instant.now());
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
