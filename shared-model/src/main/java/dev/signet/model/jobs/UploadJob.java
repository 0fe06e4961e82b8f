package dev.signet.model.jobs;

import java.time.Instant;

/**
 * An accepted upload waiting for validation and signing. Published from amo-api's outbox, so it may arrive
 * more than once: consumers are idempotent on {@code uploadId}.
 *
 * @param fileKey where the unsigned file lives in the shared blob store
 */
public record UploadJob(
        int schemaVersion,
        String uploadId,
        String addonGuid,
        String version,
        Channel channel,
        String fileKey,
        String fileSha256,
        long fileSize,
        Instant submittedAt) {

    public static final int SCHEMA_VERSION = 1;
}
