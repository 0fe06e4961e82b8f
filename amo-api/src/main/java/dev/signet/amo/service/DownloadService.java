package dev.signet.amo.service;

import dev.signet.amo.AddonVersion;
import dev.signet.amo.error.AmoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Finds the signed file of a version for its owner; anyone else gets 404, as on AMO. */
@ApplicationScoped
public class DownloadService {

    /** What to stream: the blob, its size, sha256, and a file name for Content-Disposition. */
    public record SignedDownload(String fileKey, long size, String sha256, String fileName) {
    }

    @Transactional
    public SignedDownload find(long userId, long fileId) {
        AddonVersion version = AddonVersion.findById(fileId);
        if (version == null || version.deleted() || !version.addon.owner.id.equals(userId)
                || version.upload.signedFileKey == null) {
            throw AmoException.notFound("Not found.");
        }
        var upload = version.upload;
        return new SignedDownload(upload.signedFileKey, upload.signedSize, upload.signedSha256,
                dev.signet.amo.mapping.StatusMapper.fileName(upload));
    }
}
