package dev.signet.e2e.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.e2e.AmoClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Queue;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One CI job after another, as {@code sign-addon} runs them: PUT the add-on (retrying 5xx and connection errors
 * with backoff, and a 429 after its Retry-After, as a CI job wrapped in a retry does), then poll its status once a second until it is processed or the deadline passes. A 409 on a
 * retry means an earlier attempt was accepted (its answer was lost), so the upload is tracked as accepted.
 */
final class CiClient implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PUT_GIVE_UP = Duration.ofSeconds(90);

    private final AmoClient amo;
    private final IntFunction<byte[]> xpis;
    private final Supplier<Integer> nextIndex;
    private final Function<TrackedUpload, Instant> pollDeadline;
    private final Queue<TrackedUpload> uploads;
    private final ClientErrors errors;

    /**
     * @param nextIndex    the next upload number, or null when no new upload should be started
     * @param pollDeadline when a not yet processed upload counts as stuck (moves while faults are injected)
     */
    CiClient(AmoClient amo, IntFunction<byte[]> xpis, Supplier<Integer> nextIndex, Function<TrackedUpload, Instant> pollDeadline,
            Queue<TrackedUpload> uploads, ClientErrors errors) {
        this.amo = amo;
        this.xpis = xpis;
        this.nextIndex = nextIndex;
        this.pollDeadline = pollDeadline;
        this.uploads = uploads;
        this.errors = errors;
    }

    @Override
    public void run() {
        Integer index;
        while ((index = nextIndex.get()) != null && !Thread.currentThread().isInterrupted()) {
            byte[] xpi = xpis.apply(index);
            TrackedUpload upload = new TrackedUpload(FaultSuite.guid(index), "1.0", sha256(xpi));
            uploads.add(upload);
            try {
                if (put(upload, xpi)) {
                    poll(upload);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean put(TrackedUpload upload, byte[] xpi) throws InterruptedException {
        long giveUp = System.nanoTime() + PUT_GIVE_UP.toNanos();
        long backoff = 250;
        boolean failedBefore = false;
        while (System.nanoTime() < giveUp) {
            try {
                HttpResponse<String> response = amo.put(upload.guid, upload.version, xpi, Duration.ofSeconds(30));
                int status = response.statusCode();
                upload.lastAnswer = "PUT " + status + " " + abbreviate(response.body());
                if (status / 100 == 2 || (status == 409 && failedBefore)) {
                    upload.acceptedAt = Instant.now();
                    upload.acceptedOnRetry = status == 409;
                    return true;
                }
                if (status == 429 && response.headers().firstValue("Retry-After").isPresent()) {
                    // Admission control (the throttle is off in the suite): come back when told to.
                    errors.putRefused.incrementAndGet();
                    Thread.sleep(1000 * Long.parseLong(response.headers().firstValue("Retry-After").get().trim()));
                    continue;
                }
                if (status / 100 == 5) {
                    errors.serverError(errors.put5xx, response);
                } else {
                    errors.putOther4xx.incrementAndGet();
                    return false;
                }
            } catch (IOException e) {
                errors.putConnectionErrors.incrementAndGet();
                upload.lastAnswer = "PUT " + e;
            }
            failedBefore = true;
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 4000);
        }
        return false;
    }

    private void poll(TrackedUpload upload) throws InterruptedException {
        while (Instant.now().isBefore(pollDeadline.apply(upload))) {
            Thread.sleep(POLL.toMillis());
            try {
                HttpResponse<String> response = amo.status(upload.guid, upload.version);
                int status = response.statusCode();
                upload.lastAnswer = "GET " + status + " " + abbreviate(response.body());
                if (status == 200) {
                    JsonNode body = JSON.readTree(response.body());
                    if (body.path("processed").asBoolean()) {
                        upload.finalSeenAt = Instant.now();
                        upload.signed = body.path("files").size() > 0 && body.at("/files/0/signed").asBoolean();
                        upload.outcome = upload.signed ? TrackedUpload.Outcome.SIGNED
                                : TrackedUpload.Outcome.FINAL_UNSIGNED;
                        return;
                    }
                } else if (status == 404) {
                    errors.getNotFoundAfterAccept.incrementAndGet();
                } else if (status / 100 == 5) {
                    errors.serverError(errors.get5xx, response);
                }
            } catch (IOException e) {
                errors.getConnectionErrors.incrementAndGet();
                upload.lastAnswer = "GET " + e;
            }
        }
        upload.outcome = TrackedUpload.Outcome.STUCK;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
