package dev.signet.amo.review;

import dev.signet.amo.AddonVersion;
import dev.signet.amo.AppUser;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** One reviewer's decision on a version, as it was made: the audit log is only ever added to (V9's trigger). */
@Entity
@Immutable
@Table(name = "review_decision")
public class ReviewDecision extends PanacheEntityBase {

    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "version_id")
    public AddonVersion version;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "reviewer_id")
    public AppUser reviewer;

    /** {@link #APPROVE} or {@link #REJECT}. */
    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String comment;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;
}
