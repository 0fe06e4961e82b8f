package dev.signet.amo.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One event's delivery to one webhook, with every attempt that reached an outcome. {@code attempts} counts the
 * tries started, so it can exceed the log by one while a try is in flight, or after a replica died during one.
 */
public record DeliveryView(@JsonProperty("event_id") String eventId, @JsonProperty("event_type") String eventType,
        @JsonProperty("webhook_id") long webhookId, Instant created, String state, int attempts,
        @JsonProperty("last_status") Integer lastStatus, @JsonProperty("next_attempt_at") Instant nextAttemptAt,
        @JsonProperty("delivered_at") Instant deliveredAt, @JsonProperty("given_up_at") Instant givenUpAt,
        @JsonProperty("attempt_log") List<Attempt> attemptLog) {

    public static final String DELIVERED = "delivered", PENDING = "pending", GIVEN_UP = "given_up";

    public record Attempt(Instant at, @JsonProperty("status_code") Integer statusCode, String error,
            @JsonProperty("duration_ms") int durationMs) {
    }
}
