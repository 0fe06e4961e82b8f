package dev.signet.amo.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.Upload;
import dev.signet.amo.config.AmoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The JSON body of an event, written once when the event is recorded: retries send these exact bytes. The
 * status_url is the v4 status document, absolute: an event has no request to take a base from, so it is
 * amo.public-url, else amo.webhooks.status-base-url, else this replica's own port on localhost.
 */
@ApplicationScoped
public class EventPayload {

    public static final String TEST = "webhook.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;

    public EventPayload(AmoConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
        String base = config.publicUrl().or(() -> config.webhooks().statusBaseUrl())
                .orElse("http://localhost:" + port);
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static String newEventId() {
        return "evt_" + UUID.randomUUID();
    }

    public String version(String eventId, String type, Upload upload) {
        String pk = upload.id.toString().replace("-", "");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("guid", upload.guid);
        data.put("version", upload.version);
        data.put("upload_pk", pk);
        data.put("channel", upload.channel);
        data.put("status_url", baseUrl + "/api/v4/addons/" + encode(upload.guid) + "/versions/"
                + encode(upload.version) + "/uploads/" + pk + "/");
        return envelope(eventId, type, data);
    }

    public String test(String eventId, long webhookId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("webhook_id", webhookId);
        data.put("message", "A test event sent from the developer hub or the API: nothing happened to an add-on.");
        return envelope(eventId, TEST, data);
    }

    private static String envelope(String eventId, String type, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", eventId);
        event.put("type", type);
        event.put("created_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        event.put("data", data);
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook event " + eventId + ": cannot write JSON", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
