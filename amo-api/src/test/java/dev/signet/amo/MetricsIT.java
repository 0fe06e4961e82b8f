package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.SignedFile;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import dev.signet.testing.metrics.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * amo-api's Prometheus metrics, scraped from {@code /q/metrics} as Prometheus would: the pipeline series exist
 * and move when an upload is processed and signed, the backlog gauges are there, and HTTP series are per route
 * template, never per add-on id.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class MetricsIT {

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    @Inject
    BlobStore blobs;

    @Test
    void aSignedUploadMovesTheCountersAndTheLatencyHistogram() throws Exception {
        ApiKeyService.Credentials dev = keys.createUserWithKey("metrics-dev");
        PrometheusText before = scrape();
        for (String gauge : List.of("signet_outbox_pending_rows", "signet_outbox_oldest_age_seconds",
                "signet_signing_backlog_uploads", "signet_signing_backlog_oldest_seconds")) {
            double value = before.sum(gauge, Map.of()).orElseThrow(() -> new AssertionError(gauge + " missing"));
            assertTrue(value >= 0, gauge + " = " + value);
        }

        String guid = "metrics-" + UUID.randomUUID() + "@example.com";
        String pk = given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201).extract().path("pk");
        UploadJob job = new TestWorker(json).awaitJob(pk);
        BlobRef signed = blobs.putBytes("signed", ("signed " + guid).getBytes(StandardCharsets.UTF_8));
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5),
                new SignedFile(signed.key(), signed.sha256(), signed.size(), "xpi-dev"), Instant.now()));
        TestPolling.awaitProcessed(dev, guid, "1.0");

        PrometheusText after = awaitScrape(s -> s.sumOrZero("signet_upload_to_signed_seconds_count",
                Map.of("after_review", "false")) > before.sumOrZero("signet_upload_to_signed_seconds_count",
                Map.of("after_review", "false")));
        assertEquals(1.0, after.sumOrZero("signet_uploads_processed_total", Map.of("outcome", "valid"))
                - before.sumOrZero("signet_uploads_processed_total", Map.of("outcome", "valid")), 0.0);
        assertFalse(after.find("signet_upload_to_signed_seconds_bucket", Map.of("after_review", "false")).isEmpty(),
                "a histogram Prometheus can take quantiles of");

        List<PrometheusText.Sample> status = after.find("http_server_requests_seconds_count",
                Map.of("method", "GET"));
        assertTrue(status.stream().anyMatch(s -> s.labels().get("uri").equals(
                "/api/{api}/addons/{guid}/versions/{version}")), "per route template: " + status);
        assertTrue(after.samples().stream().noneMatch(s -> s.labels().values().stream()
                .anyMatch(v -> v.contains(guid))), "no series names an add-on");
    }

    private static PrometheusText scrape() {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return PrometheusText.parse(text);
    }

    private static PrometheusText awaitScrape(java.util.function.Predicate<PrometheusText> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        PrometheusText last = scrape();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the metrics did not move within 30 s");
            }
            Thread.sleep(200);
            last = scrape();
        }
        return last;
    }
}
