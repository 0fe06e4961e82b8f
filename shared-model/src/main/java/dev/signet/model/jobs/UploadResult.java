package dev.signet.model.jobs;

import dev.signet.model.validation.ValidationReport;
import java.time.Instant;

/**
 * The outcome of one {@link UploadJob}. Delivered at least once; amo-api applies the first and ignores repeats.
 *
 * @param signedFile the signed file in the blob store, or null when nothing was signed
 */
public record UploadResult(
        int schemaVersion,
        String uploadId,
        boolean valid,
        ValidationReport validation,
        SignedFile signedFile,
        Instant processedAt) {

    public static final int SCHEMA_VERSION = 1;
}
