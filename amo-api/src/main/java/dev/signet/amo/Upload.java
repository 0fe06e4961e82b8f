package dev.signet.amo;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import dev.signet.requestid.RequestIdMdc;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One uploaded file for an add-on version, from acceptance through validation and signing. */
@Entity
@Table(name = "upload")
public class Upload extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Null for a v5 upload until a version is made from it. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "addon_id")
    public Addon addon;

    /** The add-on id the file is validated and signed for: the manifest's, the URL's, or a generated one. */
    @Column(nullable = false)
    public String guid;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public AppUser user;

    @Column(nullable = false)
    public String version;

    /** {@code listed} or {@code unlisted}. */
    @Column(nullable = false)
    public String channel;

    @Column(name = "file_name", nullable = false)
    public String fileName;

    @Column(name = "file_key", nullable = false)
    public String fileKey;

    @Column(name = "file_sha256", nullable = false)
    public String fileSha256;

    @Column(name = "file_size", nullable = false)
    public long fileSize;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "processed_at")
    public Instant processedAt;

    public Boolean valid;

    /** The validation report as AMO's {@code validation_results} JSON. */
    public String validation;

    @Column(name = "signed_file_key")
    public String signedFileKey;

    @Column(name = "signed_sha256")
    public String signedSha256;

    @Column(name = "signed_size")
    public Long signedSize;

    @Column(name = "guid_generated", nullable = false)
    public boolean guidGenerated;

    /** The manifest's name (possibly a __MSG_...__ placeholder), or null. */
    public String name;

    /** When a v5 submission made a version from this upload. */
    @Column(name = "submitted_at")
    public Instant submittedAt;

    /** The manifest's permission lists as JSON (ManifestReader), or null for uploads older than V7. */
    public String permissions;

    /** The id of the request that uploaded it (X-Request-Id): its jobs, result and signing log under it. */
    @Column(name = "request_id")
    public String requestId = RequestIdMdc.current();

    public boolean processed() {
        return processedAt != null;
    }
}
