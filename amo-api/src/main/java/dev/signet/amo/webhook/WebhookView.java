package dev.signet.amo.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A webhook as its owner sees it; the secret is set only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(long id, String url, Instant created, String secret) {
}
