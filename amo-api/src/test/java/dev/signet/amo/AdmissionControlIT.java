package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.admission.Backlog;
import dev.signet.amo.admission.SigningBacklog;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admission control: while the signing backlog is over its bounds, new uploads get a 429 with a Retry-After
 * and AMO's JSON error before their body is read, polls go on being answered, and uploads are accepted again
 * once the backlog drained. Nothing processes jobs here (there is no worker) until the test plays one.
 */
@QuarkusTest
@TestProfile(AdmissionControlIT.SmallBacklog.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class AdmissionControlIT {

    private static final int MAX_BACKLOG = 3;
    private static final Duration RATE_WINDOW = Duration.ofHours(1);

    /** The production bounds (100 uploads, 30 s) with the same mechanism at a size a test can fill. */
    public static class SmallBacklog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("amo.admission.max-backlog", Integer.toString(MAX_BACKLOG),
                    "amo.admission.max-oldest-wait", "4s",
                    "amo.admission.refresh", "200ms",
                    "amo.admission.retry-after", "2s",
                    "amo.admission.rate-window", RATE_WINDOW.toSeconds() + "s");
        }
    }

    /** Under the 3 MiB test limit, so only admission control can refuse it early. */
    private static final long DECLARED_LENGTH = 2_500_000;

    @TestHTTPResource("/")
    URL base;

    @Inject
    ApiKeyService keys;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    SigningBacklog backlog;

    private ApiKeyService.Credentials dev;

    /** Uploads other test classes left waiting (nothing processes them) are not this test's backlog. */
    @BeforeEach
    void emptyBacklog() throws InterruptedException {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE upload SET processed_at = now(), valid = false WHERE processed_at IS NULL").executeUpdate());
        dev = keys.createUserWithKey("admission-" + UUID.randomUUID());
        Thread.sleep(300); // past the refresh period: the empty backlog is what the next upload sees
    }

    @Test
    void aFullBacklogRefusesUploadsBeforeTheirBodyWhilePollsAreServedUntilItDrains() throws Exception {
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < MAX_BACKLOG; i++) {
            waiting.add(upload(201));
        }
        Thread.sleep(300);

        assertRefusedBeforeTheBody("PUT /api/v4/addons/full-" + UUID.randomUUID() + "@example.com/versions/1.0/");
        assertRefusedBeforeTheBody("POST /api/v4/addons/");
        assertAClientThatSendsTheWholeBodyFirstStillReadsThe429();
        for (String guid : waiting) {
            given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                    .when().get("/api/v4/addons/{g}/versions/1.0/", guid)
                    .then().statusCode(200);
        }

        TestWorker worker = new TestWorker(json);
        for (String guid : waiting) {
            String pk = given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                    .when().get("/api/v4/addons/{g}/versions/1.0/", guid).then().extract().path("pk");
            UploadJob job = worker.awaitJob(pk);
            worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                    new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5), null, Instant.now()));
        }
        assertAcceptedAgainWithin(Duration.ofSeconds(20));
    }

    @Test
    void anUploadWaitingTooLongRefusesUploadsThoughTheBacklogIsShort() throws Exception {
        String stuck = upload(201);
        Thread.sleep(4_500); // the one upload has now waited past max-oldest-wait (4 s)
        assertRefusedBeforeTheBody("PUT /api/v4/addons/late-" + UUID.randomUUID() + "@example.com/versions/1.0/");

        TestWorker worker = new TestWorker(json);
        String pk = given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .when().get("/api/v4/addons/{g}/versions/1.0/", stuck).then().statusCode(200).extract().path("pk");
        UploadJob job = worker.awaitJob(pk);
        worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), false,
                new ValidationReport(false, 1, 0, 0, Map.of(), List.of(), Map.of(), 1), null, Instant.now()));
        assertAcceptedAgainWithin(Duration.ofSeconds(20));
    }

    @Test
    void theDrainRateIsTheUploadsProcessedWithinTheWindow() throws Exception {
        Backlog before = backlog.read();
        TestWorker worker = new TestWorker(json);
        for (int i = 0; i < 2; i++) {
            String guid = upload(201);
            String pk = given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                    .when().get("/api/v4/addons/{g}/versions/1.0/", guid).then().extract().path("pk");
            worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, worker.awaitJob(pk).uploadId(), false,
                    new ValidationReport(false, 1, 0, 0, Map.of(), List.of(), Map.of(), 1), null, Instant.now()));
            TestPolling.awaitProcessed(dev, guid, "1.0");
        }
        Backlog after = backlog.read();
        // The window is an hour here, so nothing processed earlier in this class leaves it meanwhile.
        assertEquals(2.0 / RATE_WINDOW.toSeconds(), after.drainedPerSecond() - before.drainedPerSecond(), 1e-9);
        assertEquals(before.waiting(), after.waiting(), "processed uploads no longer wait");
    }

    private String upload(int expected) throws Exception {
        String guid = "admission-" + UUID.randomUUID() + "@example.com";
        given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(expected);
        return guid;
    }

    /** Uploads are accepted again once the results drained the backlog (and the reading was refreshed). */
    private void assertAcceptedAgainWithin(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String guid = "again-" + UUID.randomUUID() + "@example.com";
            int status = given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                    .multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                    .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().extract().statusCode();
            if (status == 201) {
                return;
            }
            assertEquals(429, status, "refused only by admission control while the backlog drains");
            assertTrue(System.nanoTime() < deadline, "uploads still refused after the backlog drained");
            Thread.sleep(250);
        }
    }

    /**
     * Most HTTP clients send the whole body before they read the answer. The refused body is discarded as it
     * arrives (not parsed, not stored), so the connection is not reset under the client and the 429 reaches it.
     */
    private void assertAClientThatSendsTheWholeBodyFirstStillReadsThe429() throws Exception {
        try (RawHttp http = new RawHttp(base)) {
            http.sendUploadStart("PUT /api/v4/addons/all-" + UUID.randomUUID() + "@example.com/versions/1.0/",
                    TestJwt.valid(dev.jwtIssuer(), dev.secret()), DECLARED_LENGTH);
            http.send(new byte[(int) DECLARED_LENGTH - 16 * 1024 - 200]);
            RawHttp.Response response = http.readUntilClosed();
            assertEquals(429, response.status(), response.raw());
            assertTrue(response.closed(), "the connection is closed after the answer");
        }
    }

    private void assertRefusedBeforeTheBody(String requestLine) throws Exception {
        try (RawHttp http = new RawHttp(base)) {
            http.sendUploadStart(requestLine, TestJwt.valid(dev.jwtIssuer(), dev.secret()), DECLARED_LENGTH);
            RawHttp.Response response = http.readUntilClosed();
            assertEquals(429, response.status(), response.raw());
            assertEquals("application/json", response.header("Content-Type"));
            long retryAfter = Long.parseLong(response.header("Retry-After"));
            assertTrue(retryAfter >= 2 && retryAfter <= 4, "Retry-After within [base, 2 x base]: " + retryAfter);
            String detail = json.readTree(response.body()).path("detail").asText();
            assertTrue(detail.startsWith("Request was throttled: the signing queue is full."), detail);
            assertTrue(detail.contains(retryAfter + " seconds"), detail);
            assertEquals("close", response.header("Connection"));
            assertTrue(response.closed(), "the connection is closed within the linger time, the body never read");
        }
    }
}
