package dev.signet.worker.service;

import dev.signet.blob.BlobStore;
import dev.signet.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * How many times processing of an upload has started, kept as a record in the blob store and written (durably)
 * BEFORE processing starts. A job that kills the worker (OOM kill, kill -9, a crash in native code) can never
 * record its own failure, but the next delivery finds the count; once it exceeds
 * {@code worker.jobs.max-attempts}, the job is answered with a failed validation instead of being run again.
 * Waiting for the signer, or for Kafka to take the result, is not the job's fault and is given back.
 */
@ApplicationScoped
public class JobAttempts {

    private static final Logger LOG = Logger.getLogger(JobAttempts.class);
    static final String ATTEMPTS_BY_UPLOAD = "attempts-by-upload";

    private final BlobStore blobs;
    private final int maxAttempts;

    public JobAttempts(WorkerConfig config, BlobStore blobs) {
        if (config.jobs().maxAttempts() < 1) {
            throw new IllegalArgumentException("worker.jobs.max-attempts must be at least 1, got "
                    + config.jobs().maxAttempts());
        }
        this.blobs = blobs;
        this.maxAttempts = config.jobs().maxAttempts();
    }

    /** Records one more start and returns its number (1 for the first). */
    public int begin(String uploadId) throws IOException {
        int attempt = current(uploadId) + 1;
        blobs.putRecord(ATTEMPTS_BY_UPLOAD, uploadId, Integer.toString(attempt));
        return attempt;
    }

    /** True when {@code attempt} is beyond the allowed number: the job must not be run again. */
    public boolean exhausted(int attempt) {
        return attempt > maxAttempts;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Takes back attempt {@code attempt}: it failed for a reason outside the job (signer or Kafka down). */
    public void forgive(String uploadId, int attempt) {
        write(uploadId, attempt - 1);
    }

    /** The job's result is published: a later redelivery starts counting afresh. */
    public void finished(String uploadId) {
        write(uploadId, 0);
    }

    private int current(String uploadId) throws IOException {
        Optional<String> record = blobs.getRecord(ATTEMPTS_BY_UPLOAD, uploadId);
        try {
            return record.map(String::strip).map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            LOG.warnf("upload %s: unreadable attempts record %s, counting from 0", uploadId, record.get());
            return 0;
        }
    }

    private void write(String uploadId, int attempts) {
        try {
            blobs.putRecord(ATTEMPTS_BY_UPLOAD, uploadId, Integer.toString(Math.max(0, attempts)));
        } catch (IOException e) {
            // Only costs an attempt later; never worth failing a job for.
            LOG.warnf("upload %s: cannot update the attempts record: %s", uploadId, e.getMessage());
        }
    }
}
