package dev.signet.model.jobs;

import java.time.Instant;

/**
 * An accepted upload waiting for validation and signing. Published from amo-api's outbox, so it may arrive
 * more than once: consumers are idempotent on {@code uploadId}.
 *
 * @param fileKey  where the unsigned file lives in the shared blob store
 * @param approved a reviewer approved this (listed, already validated) upload: sign it without validating it
 *                 again. Absent in messages from before review existed, which reads as false.
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
        Instant submittedAt,
        boolean approved) {

    public static final int SCHEMA_VERSION = 1;

    /** A new upload: validate it, and sign it when automation may (unlisted). */
    public UploadJob(int schemaVersion, String uploadId, String addonGuid, String version, Channel channel,
            String fileKey, String fileSha256, long fileSize, Instant submittedAt) {
        this(schemaVersion, uploadId, addonGuid, version, channel, fileKey, fileSha256, fileSize, submittedAt, false);
    }
}
