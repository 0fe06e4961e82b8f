package dev.signet.worker.service;

import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.Channel;
import dev.signet.model.jobs.SignedFile;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationReport;
import dev.signet.requestid.RequestIdMdc;
import dev.signet.worker.client.SignerClient;
import dev.signet.worker.client.SignerException;
import dev.signet.worker.client.XpiSignRequest;
import dev.signet.worker.config.WorkerConfig;
import dev.signet.worker.metrics.WorkerMetrics;
import dev.signet.worker.storage.ScratchDir;
import dev.signet.worker.validation.Findings;
import dev.signet.worker.validation.ValidationTarget;
import dev.signet.worker.validation.UploadValidator;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
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
 * Turns one job into one result: fetch the upload into the scratch directory, validate it (bounded in time),
 * and sign it when valid. Whatever goes wrong with the upload itself ends in a result; local failures (blob
 * store, scratch space), an {@link OutOfMemoryError} and interruption escape, and the job is tried again
 * within the bounds of {@link JobAttempts}.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);
    static final List<String> SIGNING_FAILED = List.of("signing", "failed");
    static final String SIGNED_BY_UPLOAD = "signed-by-upload";

    private final BlobStore blobs;
    private final ScratchDir scratch;
    private final UploadValidator validator;
    private final SignerClient signer;
    private final RetryPolicy retry;
    private final WorkerMetrics metrics;
    private final Duration validationTimeout;
    private final ExecutorService validationThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "xpi-validation");
        thread.setDaemon(true);
        return thread;
    });

    public JobProcessor(WorkerConfig config, BlobStore blobs, ScratchDir scratch, UploadValidator validator,
            SignerClient signer, RetryPolicy retry, WorkerMetrics metrics) {
        this.metrics = metrics;
        metrics.transientSignerErrors(retry::retries);
        this.blobs = blobs;
        this.scratch = scratch;
        this.validator = validator;
        this.signer = signer;
        this.retry = retry;
        this.validationTimeout = config.validation().timeout();
    }

    /**
     * @param waitingForSigner runs once if signing has to wait for the signer (a transient failure): from then
     *                         on the job is delayed by an outage, not failing by itself
     */
    public UploadResult process(UploadJob job, Runnable waitingForSigner) throws IOException, InterruptedException {
        Path local = scratch.newFile("upload-", ".xpi");
        try {
            if (!fetch(job.fileKey(), local)) {
                LOG.warnf("upload %s: %s is not in storage", job.uploadId(), job.fileKey());
                return result(job, false, Findings.unexpectedException("the uploaded file was not found in storage."),
                        null);
            }
            if (job.approved()) {
                // Validated when it was uploaded, then approved by a reviewer: what is left is the signature.
                return sign(job, local, null, waitingForSigner);
            }
            ValidationReport report = validate(job, local);
            if (!report.success()) {
                LOG.infof("upload %s: invalid (%d errors)", job.uploadId(), report.errors());
                return result(job, false, report, null);
            }
            return sign(job, local, report, waitingForSigner);
        } finally {
            scratch.delete(local);
        }
    }

    /** The answer for a job that was started {@code attempts} times without ever finishing. */
    public UploadResult abandoned(UploadJob job, int attempts) {
        LOG.errorf("upload %s: started %d times without finishing; reporting it as failed", job.uploadId(), attempts);
        return result(job, false, Findings.unexpectedException("this upload could not be processed after "
                + attempts + " attempts."), null);
    }

    private ValidationReport validate(UploadJob job, Path local) throws InterruptedException {
        long start = System.nanoTime();
        // The pool's threads outlive jobs: the job's id for this one, gone before the thread takes the next.
        Future<ValidationReport> task = validationThreads.submit(RequestIdMdc.carried(
                () -> validator.validate(local, new ValidationTarget(job.addonGuid(), job.version(), job.channel()))));
        try {
            ValidationReport report = task.get(validationTimeout.toMillis(), TimeUnit.MILLISECONDS);
            metrics.validated(report.success() ? "valid" : "invalid", Duration.ofNanos(System.nanoTime() - start));
            return report;
        } catch (TimeoutException e) {
            task.cancel(true);
            metrics.validated("timeout", Duration.ofNanos(System.nanoTime() - start));
            LOG.warnf("upload %s: validation timed out after %s", job.uploadId(), validationTimeout);
            return Findings.unexpectedException("validation did not finish within " + validationTimeout.toSeconds()
                    + " s.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OutOfMemoryError oom) {
                throw oom; // the heap is in an unknown state: the consumer decides (see UploadJobConsumer)
            }
            // A StackOverflowError or a bug in a check: the validation thread's stack is unwound, the JVM is fine,
            // and trying the same bytes again would end the same way.
            metrics.validated("error", Duration.ofNanos(System.nanoTime() - start));
            LOG.errorf(e.getCause(), "upload %s: validation failed unexpectedly", job.uploadId());
            return Findings.unexpectedException("the validator could not process this file.");
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        }
    }

    /**
     * Unlisted versions are signed automatically; listed ones wait for human review (nothing is signed here)
     * and come back approved, with no report: their result carries the signed file only.
     * Two guards keep it to one signature per upload: the "signed-by-upload" record (a redelivered job reuses
     * the stored signed file), and the signer's Idempotency-Key (the upload id), which covers a crash after the
     * signer signed but before that record was written: the signer replays its stored answer.
     */
    private UploadResult sign(UploadJob job, Path local, ValidationReport report, Runnable waitingForSigner)
            throws IOException, InterruptedException {
        if (job.channel() == Channel.LISTED && !job.approved()) {
            LOG.infof("upload %s: valid, listed: awaiting review", job.uploadId());
            return result(job, true, report, null);
        }
        Optional<SignedFile> earlier = earlierSignature(job);
        if (earlier.isPresent()) {
            metrics.signed(true, Duration.ZERO);
            LOG.infof("upload %s: already signed (%s), reusing", job.uploadId(), earlier.get().fileKey());
            return result(job, true, report, earlier.get());
        }
        SignerClient.SignedXpi signed;
        long start = System.nanoTime();
        try (XpiSignRequest request = signer.prepare(local, job.addonGuid())) {
            signed = retry.run("upload " + job.uploadId() + ": signing", () -> signer.sign(request, job.uploadId()),
                    waitingForSigner);
        } catch (SignerException e) {
            metrics.signingRefused();
            LOG.errorf("upload %s: signing refused: %s", job.uploadId(), e.getMessage());
            String why = "The add-on could not be signed: " + e.reason() + ".";
            return result(job, false, report == null ? Findings.unexpectedException(why)
                    : Findings.withError(report, SIGNING_FAILED, "Signing failed", why), null);
        }
        BlobRef blob;
        try {
            blob = blobs.putFile("signed", signed.file());
        } finally {
            scratch.delete(signed.file());
        }
        SignedFile signedFile = new SignedFile(blob.key(), blob.sha256(), blob.size(), signed.signerId());
        blobs.putRecord(SIGNED_BY_UPLOAD, job.uploadId(), blob.key() + " " + signed.signerId());
        metrics.signed(false, Duration.ofNanos(System.nanoTime() - start));
        LOG.infof("upload %s: signed%s, ref=%s signer_id=%s sha256=%s size=%d", job.uploadId(),
                signed.replayed() ? " (signer replayed its earlier answer)" : "", signed.ref(), signed.signerId(),
                blob.sha256(), blob.size());
        return result(job, true, report, signedFile);
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

    /** False when the blob is not in storage; other storage failures are local and escape. */
    private boolean fetch(String fileKey, Path local) throws IOException {
        if (fileKey == null || !blobs.exists(fileKey)) {
            return false;
        }
        try (InputStream in = blobs.open(fileKey)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static UploadResult result(UploadJob job, boolean valid, ValidationReport report, SignedFile signed) {
        return new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), valid, report, signed, Instant.now());
    }

    @PreDestroy
    void stop() {
        validationThreads.shutdownNow();
    }
}
