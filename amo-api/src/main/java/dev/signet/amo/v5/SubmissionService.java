package dev.signet.amo.v5;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.amo.Addon;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.AppUser;
import dev.signet.amo.Upload;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.longpoll.UploadChanges;
import dev.signet.amo.messaging.OutboxRelay;
import dev.signet.amo.service.AddonRules;
import dev.signet.amo.service.ManifestReader;
import dev.signet.amo.service.UploadFileName;
import dev.signet.amo.service.UploadService;
import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The v5 submission flow: an upload is validated and signed on its own, then a version is made from it (with a
 * new add-on or for an existing one). The add-on and version rows are the ones the v3/v4 API uses. Each step is one
 * transaction that locks the add-on row first, as v4 uploads do: a step that fails changes nothing, so its upload
 * stays usable and the step can be retried (mozilla/addons#15263).
 */
@ApplicationScoped
public class SubmissionService {

    static final String NO_PERMISSION = "You do not have permission to perform this action.";
    private static final List<String> SOURCE_TYPES = List.of(".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz");

    private final BlobStore blobs;
    private final EntityManager em;
    private final UploadService uploads;
    private final OutboxRelay relay;

    public SubmissionService(BlobStore blobs, EntityManager em, UploadService uploads, OutboxRelay relay) {
        this.blobs = blobs;
        this.em = em;
        this.uploads = uploads;
        this.relay = relay;
    }

    /** What a create or update made: the add-on's detail, and whether the add-on is new (201) or not (200). */
    public record Made(AddonDetail addon, boolean created) {
    }

    // ---- uploads

    public UploadObject upload(long userId, String channelParam, Path file, String fileName, String base) {
        String channel = channelParam == null ? "" : channelParam.trim().toLowerCase(Locale.ROOT);
        if (channel.isEmpty()) {
            throw AmoException.field(400, "channel", "This field is required.");
        }
        if (!channel.equals("listed") && !channel.equals("unlisted")) {
            throw AmoException.field(400, "channel", "\"" + channelParam + "\" is not a valid choice.");
        }
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".xpi") && !lower.endsWith(".zip")) {
            throw AmoException.field(400, "upload",
                    "Unsupported file type, please upload a supported file (.xpi, .zip).");
        }
        ManifestReader.ManifestInfo manifest;
        try {
            manifest = ManifestReader.read(file);
            AddonRules.checkVersion(manifest.version().orElse(""));
        } catch (AmoException e) {
            throw AmoException.field(400, "upload", e.getMessage());
        }
        String guid = manifest.id().orElseGet(() -> "{" + UUID.randomUUID() + "}");
        if (!AddonRules.isValidGuid(guid)) {
            throw AmoException.field(400, "upload", "Invalid Add-on ID in URL or package");
        }
        BlobRef blob;
        try {
            blob = blobs.putFile("uploads", file);
        } catch (IOException e) {
            throw new UncheckedIOException("storing a v5 upload", e);
        }
        UploadObject made = QuarkusTransaction.requiringNew().call(() -> {
            Upload upload = new Upload();
            upload.id = UUID.randomUUID();
            upload.user = em.getReference(AppUser.class, userId);
            upload.guid = guid;
            upload.guidGenerated = manifest.id().isEmpty();
            upload.name = manifest.name().orElse(null);
            upload.version = manifest.version().get();
            upload.channel = channel;
            upload.fileName = UploadFileName.of(fileName);
            upload.fileKey = blob.key();
            upload.fileSha256 = blob.sha256();
            upload.fileSize = blob.size();
            upload.permissions = manifest.permissions();
            upload.createdAt = Instant.now();
            upload.persist();
            uploads.enqueue(upload);
            return SubmissionMapper.upload(upload, false, base);
        });
        relay.wakeUp();
        return made;
    }

    public UploadObject uploadDetail(long userId, String uuid, String base) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Upload upload = ownUpload(userId, uuid).orElseThrow(() -> AmoException.detail(404, "Not found."));
            return SubmissionMapper.upload(upload, submitted(upload), base);
        });
    }

    public Page<UploadObject> uploadList(long userId, int page, int pageSize, String listUrl, String base) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            var query = Upload.<Upload>find("user.id = ?1 order by createdAt desc, id desc", userId);
            long count = query.count();
            List<UploadObject> results = query.page(page - 1, pageSize).list().stream()
                    .map(u -> SubmissionMapper.upload(u, submitted(u), base)).toList();
            return Pages.of(count, page, pageSize, listUrl, results);
        });
    }

    // ---- add-ons

    /** {@code POST /addons/addon/}: a new add-on with its first version; the id is the upload's. */
    public Made create(long userId, JsonNode bodyJson, String base) {
        JsonNode body = Metadata.object(bodyJson, null);
        JsonNode versionJson = requiredVersion(body);
        return QuarkusTransaction.requiringNew().call(() -> {
            Upload upload = usableUpload(userId, versionJson);
            Addon addon = insertAddon(upload.guid, userId)
                    .orElseThrow(() -> AmoException.field(400, "guid", "Duplicate add-on ID found."));
            setMetadata(addon, body, upload, true);
            AddonVersion version = attach(addon, upload, versionJson, "version");
            return new Made(detail(addon, Optional.of(version), base), true);
        });
    }

    /** {@code PUT /addons/addon/{guid}/}: creates the add-on if it is new, else adds the version to it. */
    public Made createOrUpdate(long userId, String guid, JsonNode bodyJson, String base) {
        try {
            AddonRules.checkUrlGuid(guid);
        } catch (AmoException e) {
            throw AmoException.field(400, "guid", e.getMessage());
        }
        JsonNode body = Metadata.object(bodyJson, null);
        JsonNode versionJson = body.get("version");
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<Upload> upload = versionJson == null || versionJson.isNull() ? Optional.empty()
                    : Optional.of(usableUpload(userId, Metadata.object(versionJson, "version")));
            if (upload.isPresent() && !upload.get().guidGenerated && !upload.get().guid.equals(guid)) {
                throw AmoException.field(400, "guid", "The add-on ID in the URL (" + guid
                        + ") does not match the ID in your manifest.json (" + upload.get().guid + ").");
            }
            Optional<Addon> inserted = insertAddon(guid, userId);
            Addon addon = inserted.orElseGet(() -> lockedAddon("guid", guid).orElseThrow());
            if (!addon.owner.id.equals(userId)) {
                throw AmoException.detail(403, NO_PERMISSION);
            }
            if (upload.isEmpty() && inserted.isPresent()) {
                throw AmoException.field(400, "version", "This field is required.");
            }
            setMetadata(addon, body, upload.orElse(null), inserted.isPresent());
            Optional<AddonVersion> version = upload.map(u -> attach(addon, u, versionJson, "version"));
            return new Made(detail(addon, version, base), inserted.isPresent());
        });
    }

    public AddonDetail get(long userId, String ref, String base) {
        return QuarkusTransaction.joiningExisting().call(() -> detail(ownAddon(userId, ref, false), Optional.empty(),
                base));
    }

    public AddonDetail patch(long userId, String ref, JsonNode bodyJson, String base) {
        JsonNode body = Metadata.object(bodyJson, null);
        return QuarkusTransaction.requiringNew().call(() -> {
            Addon addon = ownAddon(userId, ref, true);
            setMetadata(addon, body, null, false);
            return detail(addon, Optional.empty(), base);
        });
    }

    // ---- versions

    public Page<VersionDetail> versions(long userId, String ref, int page, int pageSize, String listUrl,
            String base) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Addon addon = ownAddon(userId, ref, false);
            var query = AddonVersion.<AddonVersion>find(
                    "addon = ?1 and deletedAt is null order by createdAt desc, id desc", addon);
            long count = query.count();
            List<VersionDetail> results = query.page(page - 1, pageSize).list().stream()
                    .map(v -> SubmissionMapper.version(v, base)).toList();
            return Pages.of(count, page, pageSize, listUrl, results);
        });
    }

    public VersionDetail createVersion(long userId, String ref, JsonNode bodyJson, String base) {
        JsonNode versionJson = Metadata.object(bodyJson, null);
        return QuarkusTransaction.requiringNew().call(() -> {
            // The upload's lock before the add-on's, as in create and createOrUpdate: no lock-order deadlock.
            Upload upload = usableUpload(userId, versionJson, null);
            Addon addon = ownAddon(userId, ref, true);
            if (!upload.guidGenerated && !upload.guid.equals(addon.guid)) {
                throw AmoException.field(400, "upload", "The add-on ID in your manifest.json (" + upload.guid
                        + ") does not match the ID of this add-on (" + addon.guid + ").");
            }
            return SubmissionMapper.version(attach(addon, upload, versionJson, null), base);
        });
    }

    public VersionDetail version(long userId, String ref, String versionRef, String base) {
        return QuarkusTransaction.joiningExisting().call(
                () -> SubmissionMapper.version(ownVersion(ownAddon(userId, ref, false), versionRef), base));
    }

    public VersionDetail patchVersion(long userId, String ref, String versionRef, JsonNode bodyJson,
            String base) {
        JsonNode body = Metadata.object(bodyJson, null);
        return QuarkusTransaction.requiringNew().call(() -> {
            AddonVersion version = ownVersion(ownAddon(userId, ref, true), versionRef);
            Metadata.license(body, null).ifPresent(l -> version.license = l);
            Metadata.releaseNotes(body).ifPresent(n -> version.releaseNotes = n);
            Metadata.approvalNotes(body, null).ifPresent(n -> version.approvalNotes = n);
            Metadata.compatibility(body, null).ifPresent(c -> version.compatibility = c);
            return SubmissionMapper.version(version, base);
        });
    }

    /**
     * Attaches a source archive; sending it again replaces the earlier one, so a failed or interrupted PATCH can
     * simply be repeated.
     */
    public VersionDetail attachSource(long userId, String ref, String versionRef, Path file, String fileName,
            String base) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (SOURCE_TYPES.stream().noneMatch(lower::endsWith)) {
            throw AmoException.field(400, "source",
                    "Unsupported file type, please upload an archive file (.zip, .tar.gz, .tgz, .tar.bz2, .tar.xz).");
        }
        // Found before the file is stored, so a caller that may not attach a source stores nothing.
        version(userId, ref, versionRef, base);
        BlobRef blob;
        try {
            blob = blobs.putFile("sources", file);
        } catch (IOException e) {
            throw new UncheckedIOException("storing a source archive", e);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            AddonVersion version = ownVersion(ownAddon(userId, ref, true), versionRef);
            version.sourceKey = blob.key();
            version.sourceName = UploadFileName.of(fileName);
            version.sourceSize = blob.size();
            return SubmissionMapper.version(version, base);
        });
    }

    /** What to stream for {@code GET .../versions/{id}/source/}. */
    public record Source(String key, String name, long size) {
    }

    public Source source(long userId, String ref, String versionRef) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            AddonVersion version = ownVersion(ownAddon(userId, ref, false), versionRef);
            if (version.sourceKey == null) {
                throw AmoException.detail(404, "Not found.");
            }
            return new Source(version.sourceKey, version.sourceName, version.sourceSize);
        });
    }

    /** Soft delete, as on AMO: the version disappears, its file is no longer served, its number stays taken. */
    public void deleteVersion(long userId, String ref, String versionRef) {
        QuarkusTransaction.requiringNew().run(() -> {
            AddonVersion version = ownVersion(ownAddon(userId, ref, true), versionRef);
            version.deletedAt = Instant.now();
            UploadChanges.announce(em, version.upload);
        });
    }

    // ---- the steps

    private static JsonNode requiredVersion(JsonNode body) {
        JsonNode version = body.get("version");
        if (version == null || version.isNull()) {
            throw AmoException.field(400, "version", "This field is required.");
        }
        return Metadata.object(version, "version");
    }

    private Upload usableUpload(long userId, JsonNode versionJson) {
        return usableUpload(userId, versionJson, "version");
    }

    /**
     * The caller's processed, valid, unused upload named by {@code upload}, locked. {@code outer}: the field the
     * errors nest under ({@code version} in an add-on body), or null for a version body.
     */
    private Upload usableUpload(long userId, JsonNode versionJson, String outer) {
        JsonNode ref = versionJson.get("upload");
        if (ref == null || ref.isNull()) {
            throw uploadError(outer, "This field is required.");
        }
        Optional<Upload> found = ref.isTextual() ? ownUpload(userId, ref.asText()) : Optional.empty();
        Upload upload = found.map(u -> Upload.<Upload>findById(u.id, LockModeType.PESSIMISTIC_WRITE))
                .orElseThrow(() -> uploadError(outer, "Object with uuid=" + ref.asText() + " does not exist."));
        if (!upload.processed()) {
            throw uploadError(outer, "The upload is still being validated; try again once it is processed.");
        }
        if (!Boolean.TRUE.equals(upload.valid)) {
            throw uploadError(outer, "The upload did not pass validation.");
        }
        if (submitted(upload)) {
            throw uploadError(outer, "This upload has already been submitted.");
        }
        return upload;
    }

    private static AmoException uploadError(String outer, String message) {
        return outer == null ? AmoException.field(400, "upload", message)
                : AmoException.nestedField(400, outer, "upload", message);
    }

    /** Used by a v5 submission, or a valid v4 upload (which made its version itself). */
    private static boolean submitted(Upload upload) {
        return upload.submittedAt != null || upload.addon != null && Boolean.TRUE.equals(upload.valid);
    }

    /**
     * Makes the version from the upload, under the add-on's lock. An upload signed for another id (its manifest had
     * none) is queued again as a new upload for this add-on's id, and its version waits for that signature.
     */
    private AddonVersion attach(Addon addon, Upload upload, JsonNode versionJson, String outer) {
        Optional<AddonVersion> existing = AddonVersion.<AddonVersion>find("addon = ?1 and version = ?2", addon,
                upload.version).firstResultOptional();
        if (existing.isPresent()) {
            throw AmoException.field(409, "version", existing.get().deleted()
                    ? "Version " + upload.version + " was uploaded before and deleted."
                    : "Version " + upload.version + " already exists.");
        }
        if (Upload.count("addon = ?1 and version = ?2 and (valid is null or valid = true)", addon,
                upload.version) > 0) {
            throw AmoException.field(409, "version", "Version " + upload.version + " is already being processed.");
        }
        Optional<String> license = Metadata.license(versionJson, outer);
        if (upload.channel.equals("listed") && license.isEmpty() && AddonVersion.count(
                "addon = ?1 and channel = 'listed' and license is not null", addon) == 0) {
            throw outer == null ? AmoException.field(400, "license", Metadata.REQUIRED_FOR_LISTED)
                    : AmoException.nestedField(400, outer, "license", Metadata.REQUIRED_FOR_LISTED);
        }
        // The first upload keeps no add-on when it is queued again: one live upload per version (V4's index).
        Upload signedFor = upload.guid.equals(addon.guid) ? upload : requeue(upload, addon);
        signedFor.addon = addon;
        upload.submittedAt = Instant.now();
        signedFor.submittedAt = upload.submittedAt;
        AddonVersion version = new AddonVersion();
        version.addon = addon;
        version.version = upload.version;
        version.channel = upload.channel;
        version.upload = signedFor;
        version.license = license.orElse(null);
        version.releaseNotes = Metadata.releaseNotes(versionJson).orElse(null);
        version.approvalNotes = Metadata.approvalNotes(versionJson, outer).orElse(null);
        version.compatibility = Metadata.compatibility(versionJson, outer).orElse(null);
        version.persist();
        em.flush();
        UploadChanges.announce(em, signedFor);
        return version;
    }

    private Upload requeue(Upload first, Addon addon) {
        Upload again = new Upload();
        again.id = UUID.randomUUID();
        again.user = first.user;
        again.addon = addon;
        again.guid = addon.guid;
        again.name = first.name;
        again.version = first.version;
        again.channel = first.channel;
        again.fileName = first.fileName;
        again.fileKey = first.fileKey;
        again.fileSha256 = first.fileSha256;
        again.fileSize = first.fileSize;
        again.permissions = first.permissions;
        again.createdAt = Instant.now();
        again.persist();
        uploads.enqueue(again);
        return again;
    }

    /** Listed add-ons need a name (the manifest's by default), a summary and categories when created. */
    private void setMetadata(Addon addon, JsonNode body, Upload upload, boolean created) {
        Metadata.name(body).or(() -> addon.name == null && upload != null
                ? Metadata.fromManifest(upload.name) : Optional.empty()).ifPresent(n -> addon.name = n);
        Metadata.summary(body).ifPresent(s -> addon.summary = s);
        Metadata.categories(body).ifPresent(c -> addon.categories = c);
        if (created && upload != null && upload.channel.equals("listed")) {
            if (addon.name == null) {
                throw AmoException.field(400, "name", Metadata.REQUIRED_FOR_LISTED);
            }
            if (addon.summary == null) {
                throw AmoException.field(400, "summary", Metadata.REQUIRED_FOR_LISTED);
            }
            if (addon.categories == null) {
                throw AmoException.field(400, "categories", Metadata.REQUIRED_FOR_LISTED);
            }
        }
        if (addon.slug == null && addon.name != null) {
            addon.slug = Slugs.unique(em, addon);
        }
    }

    private Optional<Addon> insertAddon(String guid, long userId) {
        boolean created = em.createNativeQuery(
                "INSERT INTO addon (guid, owner_id, created_at) VALUES (?1, ?2, now()) ON CONFLICT (guid) DO NOTHING")
                .setParameter(1, guid).setParameter(2, userId).executeUpdate() == 1;
        return created ? lockedAddon("guid", guid) : Optional.empty();
    }

    private static Optional<Addon> lockedAddon(String field, Object value) {
        return Addon.<Addon>find(field, value).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** By id, slug or guid; someone else's add-on is 403, a missing one 404 (as v4 answers). */
    private Addon ownAddon(long userId, String ref, boolean lock) {
        String field = ref.matches("\\d{1,18}") ? "id" : ref.contains("@") || ref.startsWith("{") ? "guid" : "slug";
        Object value = field.equals("id") ? (Object) Long.parseLong(ref) : ref;
        Optional<Addon> addon = lock ? lockedAddon(field, value)
                : Addon.<Addon>find(field, value).firstResultOptional();
        Addon found = addon.orElseThrow(() -> AmoException.detail(404, "Not found."));
        if (!found.owner.id.equals(userId)) {
            throw AmoException.detail(403, NO_PERMISSION);
        }
        return found;
    }

    /** A bare number is an id; {@code v1.0} is a version number (AMO's rule). Deleted versions are not found. */
    private static AddonVersion ownVersion(Addon addon, String ref) {
        Optional<AddonVersion> version;
        if (ref.matches("\\d{1,18}")) {
            version = AddonVersion.<AddonVersion>find("id = ?1 and addon = ?2", Long.parseLong(ref), addon)
                    .firstResultOptional();
        } else if (ref.startsWith("v")) {
            version = AddonVersion.<AddonVersion>find("version = ?1 and addon = ?2", ref.substring(1), addon)
                    .firstResultOptional();
        } else {
            version = Optional.empty();
        }
        return version.filter(v -> !v.deleted()).orElseThrow(() -> AmoException.detail(404, "Not found."));
    }

    private static Optional<Upload> ownUpload(long userId, String uuid) {
        return dev.signet.amo.service.StatusService.parse(uuid).map(id -> Upload.<Upload>findById(id))
                .filter(u -> u.user.id.equals(userId));
    }

    private AddonDetail detail(Addon addon, Optional<AddonVersion> made, String base) {
        List<AddonVersion> versions = AddonVersion.<AddonVersion>find(
                "addon = ?1 and deletedAt is null order by createdAt desc, id desc", addon).list();
        return SubmissionMapper.addon(addon, versions, made, base);
    }
}
