package dev.signet.amo.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.AppUser;
import dev.signet.amo.ReviewState;
import dev.signet.amo.Upload;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.longpoll.UploadChanges;
import dev.signet.amo.mapping.ValidationGroups;
import dev.signet.amo.service.UploadService;
import dev.signet.amo.webhook.WebhookEvents;
import dev.signet.blob.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Human review of listed versions: the queue, what a reviewer looks at, and the decision. Approving queues the
 * signature through the outbox like any upload (the worker signs; ResultService takes the signed file); every
 * decision is added to the audit log in the same transaction as the state it sets.
 */
@ApplicationScoped
public class ReviewService {

    private static final Logger LOG = Logger.getLogger(ReviewService.class);
    static final int MAX_COMMENT = 5_000;
    private static final int QUEUE_PAGE = 200;
    private static final ObjectMapper TREES = new ObjectMapper();

    private final EntityManager em;
    private final BlobStore blobs;
    private final UploadService uploads;
    private final WebhookEvents webhooks;
    private final Event<ReviewDecided> decided;

    public ReviewService(EntityManager em, BlobStore blobs, UploadService uploads, WebhookEvents webhooks,
            Event<ReviewDecided> decided) {
        this.decided = decided;
        this.em = em;
        this.blobs = blobs;
        this.uploads = uploads;
        this.webhooks = webhooks;
    }

    /** Valid listed versions waiting for a decision, oldest first; a reviewer's own add-ons are not theirs to do. */
    @Transactional
    public List<QueueEntry> queue(long reviewerId) {
        AppUser reviewer = reviewer(reviewerId);
        Instant now = Instant.now();
        return em.createQuery("from AddonVersion v join fetch v.addon a join fetch a.owner join fetch v.upload u"
                + " where v.reviewStatus = :pending and v.deletedAt is null and u.processedAt is not null"
                + " and u.valid = true and a.owner <> :me order by v.createdAt, v.id", AddonVersion.class)
                .setParameter("pending", ReviewState.PENDING).setParameter("me", reviewer)
                .setMaxResults(QUEUE_PAGE).getResultList().stream()
                .map(v -> new QueueEntry(v.id, v.addon.guid, name(v), v.version, v.addon.owner.name, v.createdAt,
                        Duration.between(v.createdAt, now).toSeconds(), waiting(v.createdAt, now)))
                .toList();
    }

    @Transactional
    public VersionReview version(long reviewerId, long versionId) {
        AppUser reviewer = reviewer(reviewerId);
        AddonVersion v = listed(versionId);
        Upload u = v.upload;
        XpiListing.Contents contents = XpiListing.read(blobs, u.fileKey);
        ListingDiff diff = previous(v).map(p -> ListingDiff.between(p.version,
                XpiListing.read(blobs, p.upload.fileKey).entries(), contents.entries())).orElse(null);
        JsonNode permissions = tree(u.permissions);
        List<DecisionView> history = em.createQuery("from ReviewDecision d join fetch d.reviewer"
                + " where d.version = ?1 order by d.decidedAt, d.id", ReviewDecision.class).setParameter(1, v)
                .getResultList().stream().map(DecisionView::of).toList();
        return new VersionReview(v.id, v.addon.guid, name(v), v.version, v.channel, v.addon.owner.name, v.createdAt,
                waiting(v.createdAt, Instant.now()), v.reviewStatus, v.reviewComment,
                v.addon.owner.id.equals(reviewer.id), u.signedFileKey != null, v.approvalNotes, contents.manifest(),
                strings(permissions, "permissions"), strings(permissions, "optional_permissions"),
                strings(permissions, "host_permissions"), ValidationGroups.of(u.validation), contents.entries(),
                contents.truncated(), diff, history);
    }

    /**
     * Approves or rejects a pending version, once: the row is locked, so of two reviewers deciding at once the
     * second is told it was decided. A rejection needs a comment, since it is what the developer reads.
     */
    @Transactional
    public DecisionView decide(long reviewerId, long versionId, String action, String comment) {
        AppUser reviewer = reviewer(reviewerId);
        if (!ReviewDecision.APPROVE.equals(action) && !ReviewDecision.REJECT.equals(action)) {
            throw AmoException.field(400, "action", "Must be \"approve\" or \"reject\".");
        }
        String words = comment == null ? "" : comment.strip();
        if (words.length() > MAX_COMMENT) {
            throw AmoException.field(400, "comment", "Ensure this field has no more than " + MAX_COMMENT
                    + " characters.");
        }
        if (ReviewDecision.REJECT.equals(action) && words.isEmpty()) {
            throw AmoException.field(400, "comment", "A rejection needs a comment: it tells the developer why.");
        }
        AddonVersion v = em.find(AddonVersion.class, versionId, LockModeType.PESSIMISTIC_WRITE);
        if (v == null || !"listed".equals(v.channel) || v.deleted() || !reviewable(v.upload)) {
            throw AmoException.detail(404, "Not found.");
        }
        if (v.addon.owner.id.equals(reviewer.id)) {
            throw AmoException.detail(403, "You cannot review your own add-on.");
        }
        if (!ReviewState.PENDING.equals(v.reviewStatus)) {
            throw AmoException.detail(409, "This version was already " + v.reviewStatus + ".");
        }
        Instant now = Instant.now();
        ReviewDecision decision = new ReviewDecision();
        decision.version = v;
        decision.reviewer = reviewer;
        decision.action = action;
        decision.comment = words;
        decision.decidedAt = now;
        decision.persist();
        v.reviewStatus = ReviewDecision.APPROVE.equals(action) ? ReviewState.APPROVED : ReviewState.REJECTED;
        v.reviewedAt = now;
        v.reviewedBy = reviewer;
        v.reviewComment = words.isEmpty() ? null : words;
        if (ReviewDecision.APPROVE.equals(action)) {
            uploads.enqueueApproved(v.upload);
            webhooks.record(WebhookEvents.VERSION_APPROVED, v.upload);
        } else {
            webhooks.record(WebhookEvents.VERSION_REJECTED, v.upload);
        }
        em.flush();
        UploadChanges.announce(em, v.upload);
        decided.fire(new ReviewDecided(ReviewDecision.APPROVE.equals(action)));
        LOG.infof("review: %s %s version %s (%d) by reviewer %d", v.reviewStatus, v.addon.guid, v.version, v.id,
                reviewer.id);
        return DecisionView.of(decision);
    }

    private AppUser reviewer(long userId) {
        AppUser user = AppUser.findById(userId);
        if (user == null || !user.reviewer) {
            throw AmoException.detail(403, "You do not have permission to perform this action.");
        }
        return user;
    }

    private AddonVersion listed(long versionId) {
        AddonVersion v = AddonVersion.findById(versionId);
        if (v == null || !"listed".equals(v.channel) || v.deleted() || !reviewable(v.upload)) {
            throw AmoException.detail(404, "Not found.");
        }
        return v;
    }

    /** A v5 version may exist before its upload is validated again for the add-on's id (SubmissionService). */
    private static boolean reviewable(Upload u) {
        return u.processed() && Boolean.TRUE.equals(u.valid);
    }

    private Optional<AddonVersion> previous(AddonVersion v) {
        return em.createQuery("from AddonVersion p join fetch p.upload u where p.addon = ?1 and p.id <> ?2"
                + " and p.createdAt <= ?3 and p.deletedAt is null and u.valid = true order by p.createdAt desc, p.id desc",
                AddonVersion.class).setParameter(1, v.addon).setParameter(2, v.id).setParameter(3, v.createdAt)
                .setMaxResults(1).getResultStream().findFirst();
    }

    /** The add-on's listing name in its first language, else the manifest's, else nothing. */
    private static String name(AddonVersion v) {
        JsonNode listing = tree(v.addon.name);
        if (listing != null && listing.isObject() && listing.size() > 0) {
            return listing.elements().next().asText();
        }
        return v.upload.name;
    }

    static String waiting(Instant since, Instant now) {
        long minutes = Math.max(0, Duration.between(since, now).toMinutes());
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h " + minutes % 60 + " min" : hours / 24 + " days " + hours % 24 + " h";
    }

    private static List<String> strings(JsonNode lists, String field) {
        List<String> out = new ArrayList<>();
        if (lists != null && lists.get(field) != null) {
            lists.get(field).forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return TREES.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
