package dev.signet.amo.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.Addon;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.AppUser;
import dev.signet.amo.OutboxMessage;
import dev.signet.amo.Upload;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.messaging.OutboxRelay;
import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.Channel;
import dev.signet.model.jobs.Topics;
import dev.signet.model.jobs.UploadJob;
import dev.signet.requestid.RequestIdMdc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import dev.signet.amo.longpoll.UploadChanges;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts uploads. An upload is acknowledged only once its file is in the blob store and its rows plus the
 * job message are committed in one transaction (transactional outbox), so a crash after the 2xx loses nothing.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    private final BlobStore blobs;
    private final EntityManager em;
    private final ObjectMapper json;
    private final OutboxRelay relay;

    public UploadService(BlobStore blobs, EntityManager em, ObjectMapper json, OutboxRelay relay) {
        this.blobs = blobs;
        this.em = em;
        this.json = json;
        this.relay = relay;
    }

    /**
     * What a submission created: the upload, and whether the add-on is new (201) or not (202). A {@code repeat}
     * is the same file sent again for a version it is already live for (a client retrying after a lost
     * answer): nothing new was created, {@code upload} is the first one and {@code version} its version if it
     * exists yet.
     */
    public record Submitted(Upload upload, boolean newAddon, boolean repeat, Optional<AddonVersion> version) {
    }

    public Submitted submit(long userId, String guid, String version, String channelParam, Path file,
            String fileName) {
        AddonRules.checkUrlGuid(guid);
        AddonRules.checkVersion(version);
        ManifestReader.ManifestInfo manifest = ManifestReader.read(file);
        if (manifest.version().isPresent() && !manifest.version().get().equals(version)) {
            throw AmoException.badRequest("Version does not match the manifest file.");
        }
        if (manifest.id().isPresent() && !manifest.id().get().equals(guid)) {
            throw AmoException.badRequest("The add-on ID in your manifest.json (" + manifest.id().get()
                    + ") does not match the ID of your add-on on AMO (" + guid + ")");
        }
        return store(userId, guid, version, channelParam, file, fileName, manifest.permissions());
    }

    private Submitted store(long userId, String guid, String version, String channelParam, Path file,
            String fileName, String permissions) {
        BlobRef blob;
        try {
            blob = blobs.putFile("uploads", file);
        } catch (IOException e) {
            throw new UncheckedIOException("storing upload for " + guid + " " + version, e);
        }
        Submitted submitted = QuarkusTransaction.requiringNew()
                .call(() -> record(userId, guid, version, channelParam, blob, fileName, permissions));
        relay.wakeUp();
        if (!submitted.repeat()) {
            LOG.infof("upload %s: accepted %s %s (%d bytes)", submitted.upload().id, guid, version, blob.size());
        }
        return submitted;
    }

    /**
     * {@code POST /addons/}: the add-on id is the manifest's gecko id, or a generated {@code {uuid}} when it has
     * none; the version is the form field, which must then equal the manifest's.
     */
    public Submitted submitWithoutId(long userId, String formVersion, String channelParam, Path file,
            String fileName) {
        ManifestReader.ManifestInfo manifest = ManifestReader.read(file);
        String version = formVersion == null || formVersion.isBlank()
                ? manifest.version().orElseThrow(() -> AmoException.badRequest("Version is required."))
                : formVersion.trim();
        if (manifest.version().isPresent() && !manifest.version().get().equals(version)) {
            throw AmoException.badRequest("Version does not match the manifest file.");
        }
        String guid = manifest.id().orElseGet(() -> "{" + UUID.randomUUID() + "}");
        if (!AddonRules.isValidGuid(guid)) {
            throw AmoException.badRequest("Invalid Add-on ID in URL or package");
        }
        AddonRules.checkVersion(version);
        return store(userId, guid, version, channelParam, file, fileName, manifest.permissions());
    }

    /**
     * Runs in the accepting transaction. The add-on row is locked first, so uploads to one add-on are decided
     * one after the other (across replicas too); the partial unique index upload_one_live_per_version is the
     * database's own guarantee behind that.
     */
    private Submitted record(long userId, String guid, String version, String channelParam, BlobRef blob,
            String fileName, String permissions) {
        boolean created = em.createNativeQuery(
                "INSERT INTO addon (guid, owner_id, created_at) VALUES (?1, ?2, now()) ON CONFLICT (guid) DO NOTHING")
                .setParameter(1, guid).setParameter(2, userId).executeUpdate() == 1;
        Addon addon = Addon.<Addon>find("guid", guid).withLock(LockModeType.PESSIMISTIC_WRITE).singleResult();
        if (!addon.owner.id.equals(userId)) {
            throw AmoException.forbidden("You do not own this add-on.");
        }
        Optional<AddonVersion> existing = AddonVersion.<AddonVersion>find("addon = ?1 and version = ?2", addon,
                version).firstResultOptional();
        Optional<Upload> live = Upload.<Upload>find("addon = ?1 and version = ?2 and (valid is null or valid = true)",
                addon, version).firstResultOptional();
        if (live.isPresent()) {
            Upload first = live.get();
            if (first.user.id.equals(userId) && first.fileSha256.equals(blob.sha256())) {
                return new Submitted(first, false, true, existing);
            }
            throw AmoException.conflict(existing.isPresent() ? "Version " + version + " already exists."
                    : "Version " + version + " is already being processed.");
        }
        if (existing.isPresent()) {
            throw AmoException.conflict("Version " + version + " already exists.");
        }
        Upload upload = new Upload();
        upload.id = UUID.randomUUID();
        upload.addon = addon;
        upload.guid = guid;
        upload.permissions = permissions;
        upload.user = AppUser.findById(userId);
        upload.version = version;
        upload.channel = created ? "unlisted" : channel(addon, channelParam);
        upload.fileName = UploadFileName.of(fileName);
        upload.fileKey = blob.key();
        upload.fileSha256 = blob.sha256();
        upload.fileSize = blob.size();
        upload.createdAt = Instant.now();
        upload.persist();
        enqueue(upload);
        UploadChanges.announce(em, upload);
        return new Submitted(upload, created, false, Optional.empty());
    }

    /** AMO: an explicit listed/unlisted wins; anything else falls back to the latest version's channel. */
    private String channel(Addon addon, String param) {
        String wanted = param == null ? "" : param.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("listed") || wanted.equals("unlisted")) {
            return wanted;
        }
        return AddonVersion.<AddonVersion>find("addon = ?1 order by createdAt desc, id desc", addon)
                .firstResultOptional().map(v -> v.channel).orElse("unlisted");
    }

    /** Queues an upload for validation and signing, in the caller's transaction (transactional outbox). */
    public void enqueue(Upload upload) {
        enqueue(upload, false);
    }

    /** Queues a reviewer-approved upload for its signature, in the caller's transaction (transactional outbox). */
    public void enqueueApproved(Upload upload) {
        enqueue(upload, true);
    }

    private void enqueue(Upload upload, boolean approved) {
        UploadJob job = new UploadJob(UploadJob.SCHEMA_VERSION, upload.id.toString(), upload.guid,
                upload.version, upload.channel.equals("listed") ? Channel.LISTED : Channel.UNLISTED,
                upload.fileKey, upload.fileSha256, upload.fileSize, upload.createdAt, approved);
        OutboxMessage message = new OutboxMessage();
        message.topic = Topics.UPLOAD_JOBS;
        message.messageKey = upload.id.toString();
        // The upload's own id, also for a reviewer's approval: one id follows the upload from PUT to signature.
        message.requestId = upload.requestId != null ? upload.requestId : RequestIdMdc.current();
        try {
            message.payload = json.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising upload job " + upload.id, e);
        }
        message.persist();
    }
}
