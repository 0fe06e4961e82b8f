package dev.signet.amo.webhook;

import dev.signet.amo.config.AmoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * One signed POST of an event to its webhook. Redirects are not followed (a redirect could lead past the target
 * check) and the response body is never read: only the status counts, 2xx = delivered.
 */
@ApplicationScoped
public class WebhookSender {

    static final String USER_AGENT = "Signet-Webhooks/1 (add-on signing notifications)";
    private static final int MAX_ERROR_LENGTH = 200;

    private final TargetGuard guard;
    private final Duration requestTimeout;
    private final HttpClient client;

    public WebhookSender(TargetGuard guard, AmoConfig config) {
        this.guard = guard;
        this.requestTimeout = config.webhooks().requestTimeout();
        this.client = HttpClient.newBuilder().connectTimeout(config.webhooks().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    public DeliveryQueue.Outcome send(String url, String eventId, String payload, String secret) {
        long started = System.nanoTime();
        try {
            URI target = guard.check(url);
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(target).timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .header(WebhookSignature.ID, eventId)
                    .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(WebhookSecret.key(secret), eventId,
                            timestamp, payload))
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
            HttpResponse<java.io.InputStream> response = client.send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            // Closing unread drops the connection: a receiver cannot make us download anything.
            response.body().close();
            return new DeliveryQueue.Outcome(response.statusCode(), null, elapsedMs(started));
        } catch (TargetGuard.Refused e) {
            return failed("target refused: " + e.getMessage(), started);
        } catch (HttpTimeoutException e) {
            return failed("timed out: " + e.getMessage(), started);
        } catch (IOException | IllegalArgumentException e) {
            return failed(e.getClass().getSimpleName() + ": " + e.getMessage(), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted (shutting down)", started);
        }
    }

    private static DeliveryQueue.Outcome failed(String error, long started) {
        String shortened = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) + "…" : error;
        return new DeliveryQueue.Outcome(null, shortened, elapsedMs(started));
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
