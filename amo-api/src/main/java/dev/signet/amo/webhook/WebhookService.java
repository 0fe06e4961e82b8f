package dev.signet.amo.webhook;

import dev.signet.amo.AppUser;
import dev.signet.amo.Webhook;
import dev.signet.amo.auth.SecretCipher;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * An account's webhooks: register (the secret is returned once), list, delete, queue a test event, read the
 * delivery log. Someone else's webhook is answered as missing, never as forbidden.
 */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);
    private static final int RECENT_DELIVERIES = 50;

    private final TargetGuard guard;
    private final SecretCipher cipher;
    private final DeliveryQueue queue;
    private final EventPayload payloads;
    private final EntityManager em;
    private final int maxPerAccount;

    public WebhookService(TargetGuard guard, SecretCipher cipher, DeliveryQueue queue, EventPayload payloads,
            EntityManager em, AmoConfig config) {
        this.guard = guard;
        this.cipher = cipher;
        this.queue = queue;
        this.payloads = payloads;
        this.em = em;
        this.maxPerAccount = config.webhooks().maxPerAccount();
    }

    public WebhookView register(long userId, String url) {
        String target = url == null ? null : url.strip();
        try {
            // Resolving can take seconds: before the transaction, not while holding the account's row lock.
            guard.check(target);
        } catch (TargetGuard.Refused e) {
            throw AmoException.field(400, "url", e.getMessage());
        }
        String secret = WebhookSecret.generate();
        Webhook created = QuarkusTransaction.joiningExisting().call(() -> {
            // The account's row is the lock: parallel registrations cannot pass the limit together.
            AppUser user = AppUser.findById(userId, LockModeType.PESSIMISTIC_WRITE);
            if (user == null) {
                throw AmoException.detail(404, "Not found.");
            }
            if (Webhook.count("user.id = ?1 and deletedAt is null", userId) >= maxPerAccount) {
                throw AmoException.field(400, "non_field_errors", "An account may have at most " + maxPerAccount
                        + " webhooks: delete one first.");
            }
            Webhook webhook = new Webhook();
            webhook.user = user;
            webhook.url = target;
            webhook.secretCiphertext = cipher.encrypt(secret);
            webhook.persist();
            return webhook;
        });
        LOG.infof("account %d registered webhook %d", userId, created.id);
        return new WebhookView(created.id, created.url, created.createdAt, secret);
    }

    public List<WebhookView> list(long userId) {
        return QuarkusTransaction.joiningExisting().call(() -> Webhook.<Webhook>list(
                "user.id = ?1 and deletedAt is null order by createdAt desc", userId).stream()
                .map(WebhookService::view).toList());
    }

    public WebhookView get(long userId, String id) {
        return QuarkusTransaction.joiningExisting().call(() -> view(owned(userId, id)));
    }

    public void delete(long userId, String id) {
        QuarkusTransaction.joiningExisting().run(() -> {
            Webhook webhook = owned(userId, id);
            webhook.deletedAt = Instant.now();
            queue.giveUpPending(webhook.id);
        });
        LOG.infof("account %d deleted webhook %s", userId, id);
    }

    /** Queues a {@code webhook.test} event for this webhook only; returns its event id. */
    public String sendTest(long userId, String id) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Webhook webhook = owned(userId, id);
            String eventId = EventPayload.newEventId();
            queue.enqueue(webhook.id, eventId, EventPayload.TEST, payloads.test(eventId, webhook.id));
            return eventId;
        });
    }

    /** The newest deliveries of one of the account's webhooks, or of all of them when {@code id} is null. */
    public List<DeliveryView> deliveries(long userId, String id) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Long only = id == null ? null : owned(userId, id).id;
            return deliveriesOf(userId, only);
        });
    }

    @SuppressWarnings("unchecked")
    private List<DeliveryView> deliveriesOf(long userId, Long webhookId) {
        List<Object[]> rows = em.createNativeQuery("SELECT d.id, d.event_id, d.event_type, d.webhook_id,"
                + " d.created_at, d.attempts, d.last_status, d.next_attempt_at, d.delivered_at, d.given_up_at"
                + " FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " WHERE w.user_id = ?1 AND w.deleted_at IS NULL AND (?2 = 0 OR w.id = ?2)"
                + " ORDER BY d.created_at DESC, d.id DESC LIMIT ?3").setParameter(1, userId)
                .setParameter(2, webhookId == null ? 0L : webhookId).setParameter(3, RECENT_DELIVERIES)
                .getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<DeliveryView.Attempt>> attempts = new LinkedHashMap<>();
        rows.forEach(r -> attempts.put(((Number) r[0]).longValue(), new ArrayList<>()));
        List<Object[]> logged = em.createNativeQuery("SELECT delivery_id, attempted_at, status_code, error,"
                + " duration_ms FROM webhook_attempt WHERE delivery_id = ANY(?1) ORDER BY attempted_at, id")
                .setParameter(1, attempts.keySet().toArray(Long[]::new)).getResultList();
        for (Object[] a : logged) {
            attempts.get(((Number) a[0]).longValue()).add(new DeliveryView.Attempt(instant(a[1]),
                    a[2] == null ? null : ((Number) a[2]).intValue(), (String) a[3], ((Number) a[4]).intValue()));
        }
        return rows.stream().map(r -> {
            Instant delivered = instant(r[8]);
            Instant givenUp = instant(r[9]);
            String state = delivered != null ? DeliveryView.DELIVERED
                    : givenUp != null ? DeliveryView.GIVEN_UP : DeliveryView.PENDING;
            return new DeliveryView((String) r[1], (String) r[2], ((Number) r[3]).longValue(), instant(r[4]), state,
                    ((Number) r[5]).intValue(), r[6] == null ? null : ((Number) r[6]).intValue(),
                    state.equals(DeliveryView.PENDING) ? instant(r[7]) : null, delivered, givenUp,
                    attempts.get(((Number) r[0]).longValue()));
        }).toList();
    }

    /** The caller's live webhook with this id; anything else (a bad id, someone else's, deleted) is 404. */
    private static Webhook owned(long userId, String id) {
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw AmoException.detail(404, "Not found.");
        }
        return Webhook.<Webhook>find("id = ?1 and user.id = ?2 and deletedAt is null", parsed, userId)
                .firstResultOptional().orElseThrow(() -> AmoException.detail(404, "Not found."));
    }

    private static WebhookView view(Webhook w) {
        return new WebhookView(w.id, w.url, w.createdAt, null);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
