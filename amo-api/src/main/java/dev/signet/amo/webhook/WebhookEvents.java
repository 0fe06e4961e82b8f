package dev.signet.amo.webhook;

import dev.signet.amo.Upload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;

/** What the rest of amo-api calls when a version's state changes: the events become webhook deliveries. */
@ApplicationScoped
public class WebhookEvents {

    public static final String VERSION_PROCESSED = "version.processed", VERSION_SIGNED = "version.signed",
            VERSION_APPROVED = "version.approved", VERSION_REJECTED = "version.rejected";

    private static final Set<String> TYPES = Set.of(VERSION_PROCESSED, VERSION_SIGNED, VERSION_APPROVED,
            VERSION_REJECTED);

    private final DeliveryQueue queue;
    private final EventPayload payloads;

    public WebhookEvents(DeliveryQueue queue, EventPayload payloads) {
        this.queue = queue;
        this.payloads = payloads;
    }

    /**
     * Records the event for every active webhook of the add-on's owner, in the CALLER's transaction: it commits
     * with the state change or not at all; delivery happens later. All of the owner's webhooks get the same event
     * id, which stays the same across retries.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String type, Upload upload) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("webhook event: unknown type " + type);
        }
        // v5 uploads have no add-on until a version is made of them.
        long owner = upload.addon != null ? upload.addon.owner.id : upload.user.id;
        List<Long> webhooks = queue.activeWebhooks(owner);
        if (webhooks.isEmpty()) {
            return;
        }
        String eventId = EventPayload.newEventId();
        String payload = payloads.version(eventId, type, upload);
        webhooks.forEach(w -> queue.enqueue(w, eventId, type, payload));
    }
}
