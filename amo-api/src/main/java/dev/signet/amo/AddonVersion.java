package dev.signet.amo;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.time.Instant;

/** A version of an add-on: exists once one of its uploads passed validation, as on AMO. */
@Entity
@Table(name = "addon_version")
public class AddonVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "addon_id")
    public Addon addon;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String channel;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "upload_id")
    public Upload upload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    /** A license slug (MPL-2.0, ...), or null. */
    public String license;

    /** Localized release notes as a JSON object, or null. */
    @Column(name = "release_notes")
    public String releaseNotes;

    @Column(name = "approval_notes")
    public String approvalNotes;

    /** As the v5 API takes it: {"firefox": {"min": ..., "max": ...}}, or null. */
    public String compatibility;

    /** Set when the version was deleted: it is hidden, its file is not served, its number is not reusable. */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "source_key")
    public String sourceKey;

    @Column(name = "source_name")
    public String sourceName;

    @Column(name = "source_size")
    public Long sourceSize;

    /**
     * {@code pending}, {@code approved} or {@code rejected} for a listed version (ReviewState); null for an
     * unlisted one, which automation reviews by signing it.
     */
    @Column(name = "review_status")
    public String reviewStatus;

    @Column(name = "reviewed_at")
    public Instant reviewedAt;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "reviewed_by")
    public AppUser reviewedBy;

    /** The reviewer's words to the developer, from the latest decision. */
    @Column(name = "review_comment")
    public String reviewComment;

    /** Listed versions wait for a reviewer; the state is set where the row is made, whoever makes it. */
    @PrePersist
    void startReview() {
        if (reviewStatus == null && "listed".equals(channel)) {
            reviewStatus = ReviewState.PENDING;
        }
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
