package dev.signet.amo.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.ReviewState;
import dev.signet.amo.Upload;
import dev.signet.amo.longpoll.UploadChanges;
import dev.signet.amo.webhook.WebhookEvents;
import dev.signet.model.jobs.UploadResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records validation and signing outcomes; the first result for an upload wins, repeats are ignored. Only a
 * live upload (pending) takes a result, and only the upload a version belongs to can give it a signed file:
 * one version, one signature, whatever the worker sends.
 */
@ApplicationScoped
public class ResultService {

    private static final Logger LOG = Logger.getLogger(ResultService.class);

    private final ObjectMapper json;
    private final WebhookEvents webhooks;

    public ResultService(ObjectMapper json, WebhookEvents webhooks) {
        this.json = json;
        this.webhooks = webhooks;
    }

    /** What a result changed, for the metrics counted once it is committed. */
    public record Applied(boolean processed, boolean valid, boolean signed, boolean afterReview,
            Instant uploadedAt) {

        static final Applied NOTHING = new Applied(false, false, false, false, null);
    }

    @Transactional
    public Applied apply(UploadResult result) {
        UUID id;
        try {
            id = UUID.fromString(result.uploadId());
        } catch (IllegalArgumentException e) {
            LOG.errorf("ignoring result for malformed upload id %s", result.uploadId());
            return Applied.NOTHING;
        }
        Upload upload = Upload.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (upload == null) {
            LOG.errorf("ignoring result for unknown upload %s", id);
            return Applied.NOTHING;
        }
        if (upload.processed()) {
            return applySignature(upload, result);
        }
        if (Boolean.FALSE.equals(upload.valid)) {
            LOG.errorf("ignoring result for upload %s: it is not live (retired)", id);
            return Applied.NOTHING;
        }
        if (upload.addon == null) {
            // A v5 upload: its version is made by the submission that uses it, not by its result.
            record(upload, result);
            return announce(upload);
        }
        Optional<AddonVersion> taken = AddonVersion.<AddonVersion>find("addon = ?1 and version = ?2", upload.addon,
                upload.version).firstResultOptional();
        if (taken.isPresent() && !taken.get().upload.id.equals(upload.id)) {
            LOG.errorf("ignoring result for upload %s: version %s of %s belongs to upload %s", id, upload.version,
                    upload.addon.guid, taken.get().upload.id);
            return Applied.NOTHING;
        }
        record(upload, result);
        if (result.valid() && taken.isEmpty()) {
            AddonVersion version = new AddonVersion();
            version.addon = upload.addon;
            version.version = upload.version;
            version.channel = upload.channel;
            version.upload = upload;
            version.persist();
        }
        return announce(upload);
    }

    /**
     * The signature of a version a reviewer approved: the only result a processed upload still takes, once. A
     * repeat, or a signature nobody asked for (no approved version is waiting for it), is ignored.
     */
    private Applied applySignature(Upload upload, UploadResult result) {
        if (upload.signedFileKey != null) {
            LOG.debugf("upload %s already processed; duplicate result ignored", upload.id);
            return Applied.NOTHING;
        }
        Optional<AddonVersion> approved = AddonVersion.<AddonVersion>find("upload = ?1 and reviewStatus = ?2",
                upload, ReviewState.APPROVED).firstResultOptional();
        if (approved.isEmpty()) {
            LOG.debugf("upload %s already processed and not waiting for a signature; result ignored", upload.id);
            return Applied.NOTHING;
        }
        if (!result.valid() || result.signedFile() == null) {
            // The version stays approved and unsigned (docs/review.md, "Not done"); the worker logged why.
            LOG.errorf("upload %s: approved, but signing failed: %s", upload.id, result.validation());
            return Applied.NOTHING;
        }
        upload.signedFileKey = result.signedFile().fileKey();
        upload.signedSha256 = result.signedFile().sha256();
        upload.signedSize = result.signedFile().size();
        LOG.infof("upload %s: approved version %s of %s signed", upload.id, upload.version, upload.guid);
        webhooks.record(WebhookEvents.VERSION_SIGNED, upload);
        UploadChanges.announce(Upload.getEntityManager(), upload);
        return new Applied(false, true, true, true, upload.createdAt);
    }

    /** A first result: the upload is processed, and signed too when automation signed it. */
    private Applied announce(Upload upload) {
        webhooks.record(WebhookEvents.VERSION_PROCESSED, upload);
        if (upload.signedFileKey != null) {
            webhooks.record(WebhookEvents.VERSION_SIGNED, upload);
        }
        UploadChanges.announce(Upload.getEntityManager(), upload);
        return new Applied(true, Boolean.TRUE.equals(upload.valid), upload.signedFileKey != null, false,
                upload.createdAt);
    }

    private void record(Upload upload, UploadResult result) {
        UUID id = upload.id;
        upload.processedAt = result.processedAt() == null ? Instant.now() : result.processedAt();
        upload.valid = result.valid();
        try {
            upload.validation = result.validation() == null ? null : json.writeValueAsString(result.validation());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising validation of upload " + id, e);
        }
        if (result.valid() && result.signedFile() != null) {
            upload.signedFileKey = result.signedFile().fileKey();
            upload.signedSha256 = result.signedFile().sha256();
            upload.signedSize = result.signedFile().size();
        }
    }
}
