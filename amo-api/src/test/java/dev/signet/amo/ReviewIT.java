package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.SignedFile;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationMessage;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Human review of listed versions over the reviewers' JSON API, against the real PostgreSQL and Kafka; the
 * worker's side is played by the test. A listed version waits, a reviewer approves it, and its signature comes
 * back through the same outbox, Kafka and result path as automatic signing.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class ReviewIT {

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    @Inject
    BlobStore blobs;

    @Inject
    EntityManager em;

    ApiKeyService.Credentials alice;
    ApiKeyService.Credentials bob;

    @BeforeEach
    void accounts() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        alice = keys.createUserWithKey("alice developer");
        bob = keys.createUserWithKey("bob reviewer");
        makeReviewer(bob);
    }

    @Test
    void aListedVersionWaitsIsApprovedAndComesBackSigned() throws Exception {
        String guid = "review-" + UUID.randomUUID() + "@example.com";
        publishSignedResult(upload(alice, guid, "1.0", null));
        String pk = upload(alice, guid, "2.0", "listed");
        UploadJob job = new TestWorker(json).awaitJob(pk);
        assertFalse(job.approved(), "a new upload is validated first");
        publishValid(job, List.of(new ValidationMessage("w1", "warning", List.of("W"), 2, "A warning",
                "Why it matters", "background.js", 3, 1)));

        ValidatableResponse waiting = TestPolling.awaitProcessed(alice, guid, "2.0");
        waiting.body("automated_signing", equalTo(false)).body("reviewed", equalTo(false))
                .body("passed_review", equalTo(false)).body("active", equalTo(false)).body("files", hasSize(0))
                .body("review_comment", nullValue());

        long versionId = queuedVersion(guid);
        given().header("Authorization", jwt(bob)).when().get("/api/v5/reviewers/versions/{id}/", versionId)
                .then().statusCode(200).body("guid", equalTo(guid)).body("version", equalTo("2.0"))
                .body("developer", equalTo("alice developer")).body("review_status", equalTo("pending"))
                .body("own_addon", equalTo(false)).body("manifest", containsString("\"version\" : \"2.0\""))
                .body("files.name", equalTo(List.of("background.js", "manifest.json")))
                .body("diff.previous_version", equalTo("1.0")).body("diff.changed", equalTo(List.of("manifest.json")))
                .body("diff.unchanged", equalTo(1)).body("validation.warnings", equalTo(1))
                .body("validation.warning_messages[0].file", equalTo("background.js"))
                .body("validation.warning_messages[0].line", equalTo(3));

        given().header("Authorization", jwt(bob)).contentType(ContentType.JSON)
                .body(Map.of("action", "approve", "comment", "Looks good."))
                .when().post("/api/v5/reviewers/versions/{id}/decision/", versionId)
                .then().statusCode(201).body("action", equalTo("approve")).body("reviewer", equalTo("bob reviewer"));

        UploadJob approved = new TestWorker(json).awaitJob(j -> j.uploadId().equals(job.uploadId()) && j.approved(),
                "the approved upload's signing job");
        assertEquals(job.fileKey(), approved.fileKey());
        // Approved, not yet signed: reviewed, passed, but nothing to download.
        status(alice, guid, "2.0").body("reviewed", equalTo(true)).body("passed_review", equalTo(true))
                .body("active", equalTo(false)).body("files", hasSize(0)).body("review_comment", equalTo("Looks good."));

        BlobRef signed = blobs.putBytes("signed", ("signed " + guid).getBytes(StandardCharsets.UTF_8));
        UploadResult signature = new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true, null,
                new SignedFile(signed.key(), signed.sha256(), signed.size(), "xpi-dev"), Instant.now());
        new TestWorker(json).publish(signature);
        ValidatableResponse done = awaitSigned(guid, "2.0");
        done.body("active", equalTo(true)).body("files[0].hash", equalTo("sha256:" + signed.sha256()))
                .body("validation_results.warnings", equalTo(1));

        // A second signature for the same upload (a redelivered job signed elsewhere) changes nothing.
        BlobRef other = blobs.putBytes("signed", ("other " + guid).getBytes(StandardCharsets.UTF_8));
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true, null,
                new SignedFile(other.key(), other.sha256(), other.size(), "xpi-dev"), Instant.now()));
        String marker = upload(alice, guid, "2.1", "listed"); // results are applied in order: wait for a later one
        publishValid(new TestWorker(json).awaitJob(marker), List.of());
        TestPolling.awaitProcessed(alice, guid, "2.1");
        status(alice, guid, "2.0").body("files[0].hash", equalTo("sha256:" + signed.sha256()));

        given().header("Authorization", jwt(alice)).when().get("/api/v5/addons/addon/{g}/", guid).then()
                .statusCode(200).body("status", equalTo("public"))
                .body("current_version.version", equalTo("2.0"))
                .body("current_version.file.status", equalTo("public"));
    }

    @Test
    void aRejectedVersionShowsItsReasonAndIsNeverSigned() throws Exception {
        String guid = "reject-" + UUID.randomUUID() + "@example.com";
        publishSignedResult(upload(alice, guid, "1.0", null));
        String pk = upload(alice, guid, "2.0", "listed");
        UploadJob job = new TestWorker(json).awaitJob(pk);
        publishValid(job, List.of());
        TestPolling.awaitProcessed(alice, guid, "2.0");
        long versionId = queuedVersion(guid);
        double rejectionsBefore = rejections();

        decide(bob, versionId, Map.of("action", "reject")).statusCode(400)
                .body("comment[0]", containsString("needs a comment"));
        decide(bob, versionId, Map.of("action", "maybe", "comment", "x")).statusCode(400)
                .body("action[0]", containsString("approve"));
        decide(bob, versionId, Map.of("action", "reject", "comment", "x".repeat(5001))).statusCode(400);
        decide(bob, versionId, Map.of("action", "reject", "comment", 42)).statusCode(400);
        given().header("Authorization", jwt(bob)).contentType(ContentType.JSON).body("[1, 2")
                .when().post("/api/v5/reviewers/versions/{id}/decision/", versionId).then().statusCode(400);
        given().header("Authorization", jwt(bob)).when().get("/api/v5/reviewers/versions/not-a-number/")
                .then().statusCode(404);

        String reason = "It sends every visited URL to a third party without saying so.";
        decide(bob, versionId, Map.of("action", "reject", "comment", reason)).statusCode(201);
        assertEquals(1.0, rejections() - rejectionsBefore, 0.0, "counted once committed; refusals are not");
        status(alice, guid, "2.0").body("reviewed", equalTo(true)).body("passed_review", equalTo(false))
                .body("active", equalTo(false)).body("files", hasSize(0)).body("review_comment", equalTo(reason));
        given().header("Authorization", jwt(alice)).when().get("/api/v5/addons/addon/{g}/versions/", guid).then()
                .statusCode(200).body("results.find { it.version == '2.0' }.file.status", equalTo("disabled"))
                .body("results.find { it.version == '2.0' }.review_comment", equalTo(reason));
        decide(bob, versionId, Map.of("action", "approve")).statusCode(409)
                .body("detail", equalTo("This version was already rejected."));
        assertQueueLacks(versionId);

        // A signature nobody asked for (a forged or stray result) is not taken for a rejected version.
        BlobRef stray = blobs.putBytes("signed", ("stray " + guid).getBytes(StandardCharsets.UTF_8));
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true, null,
                new SignedFile(stray.key(), stray.sha256(), stray.size(), "xpi-dev"), Instant.now()));
        String marker = upload(alice, guid, "2.1", "listed");
        publishValid(new TestWorker(json).awaitJob(marker), List.of());
        TestPolling.awaitProcessed(alice, guid, "2.1");
        status(alice, guid, "2.0").body("files", hasSize(0));

        // The audit log holds the decision and refuses to be rewritten, even by the service's own database user.
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT action, comment FROM review_decision WHERE version_id = ?1").setParameter(1, versionId)
                .getResultList());
        assertEquals(1, rows.size());
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE review_decision SET comment = 'nothing to see' WHERE version_id = ?1")
                .setParameter(1, versionId).executeUpdate()));
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "DELETE FROM review_decision WHERE version_id = ?1").setParameter(1, versionId).executeUpdate()));
    }

    @Test
    void onlyReviewersReviewAndNeverTheirOwnAddOns() throws Exception {
        String guid = "own-" + UUID.randomUUID() + "@example.com";
        publishSignedResult(upload(alice, guid, "1.0", null));
        publishValid(new TestWorker(json).awaitJob(upload(alice, guid, "2.0", "listed")), List.of());
        TestPolling.awaitProcessed(alice, guid, "2.0");
        long versionId = queuedVersion(guid);

        given().when().get("/api/v5/reviewers/queue/").then().statusCode(401);
        given().header("Authorization", jwt(alice)).when().get("/api/v5/reviewers/queue/").then().statusCode(403)
                .body("detail", equalTo("You do not have permission to perform this action."));
        decide(alice, versionId, Map.of("action", "approve")).statusCode(403);

        makeReviewer(alice);
        given().header("Authorization", jwt(alice)).when().get("/api/v5/reviewers/queue/").then().statusCode(200)
                .body("results.version_id", not(hasItem((int) versionId)));
        given().header("Authorization", jwt(alice)).when().get("/api/v5/reviewers/versions/{id}/", versionId)
                .then().statusCode(200).body("own_addon", equalTo(true));
        decide(alice, versionId, Map.of("action", "approve")).statusCode(403)
                .body("detail", equalTo("You cannot review your own add-on."));
    }

    @Test
    void twoReviewersDecidingAtOnceMakeOneDecision() throws Exception {
        ApiKeyService.Credentials carol = keys.createUserWithKey("carol reviewer");
        makeReviewer(carol);
        String guid = "race-" + UUID.randomUUID() + "@example.com";
        publishSignedResult(upload(alice, guid, "1.0", null));
        publishValid(new TestWorker(json).awaitJob(upload(alice, guid, "2.0", "listed")), List.of());
        TestPolling.awaitProcessed(alice, guid, "2.0");
        long versionId = queuedVersion(guid);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                ApiKeyService.Credentials who = i % 2 == 0 ? bob : carol;
                Map<String, Object> body = i % 2 == 0 ? Map.of("action", "approve")
                        : Map.of("action", "reject", "comment", "no");
                answers.add(pool.submit(() -> {
                    start.await();
                    return decide(who, versionId, body).extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                codes.add(answer.get());
            }
            assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
            assertEquals(7, codes.stream().filter(c -> c == 409).count(), codes.toString());
        } finally {
            pool.shutdownNow();
        }
        Number decisions = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                "SELECT count(*) FROM review_decision WHERE version_id = ?1").setParameter(1, versionId)
                .getSingleResult());
        assertEquals(1, decisions.intValue());
        String state = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT review_status FROM addon_version WHERE id = ?1").setParameter(1, versionId)
                .getSingleResult());
        Number signingJobs = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE payload LIKE '%\"approved\":true%' AND payload LIKE ?1")
                .setParameter(1, "%" + guid + "%").getSingleResult());
        assertEquals(state.equals("approved") ? 1 : 0, signingJobs.intValue(), "one approval, one signing job");
    }

    @Test
    void theQueueIsOldestFirstWithTheWaitingTime() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String guid = "queue-" + i + "-" + UUID.randomUUID() + "@example.com";
            publishSignedResult(upload(alice, guid, "1.0", null));
            publishValid(new TestWorker(json).awaitJob(upload(alice, guid, "2.0", "listed")), List.of());
            TestPolling.awaitProcessed(alice, guid, "2.0");
            ids.add(queuedVersion(guid));
        }
        List<Integer> queue = given().header("Authorization", jwt(bob)).when().get("/api/v5/reviewers/queue/")
                .then().statusCode(200).body("results[0].waiting", containsString("min"))
                .extract().path("results.version_id");
        assertTrue(queue.indexOf(ids.get(0).intValue()) < queue.indexOf(ids.get(1).intValue()), queue.toString());
    }

    private static double rejections() {
        return dev.signet.testing.metrics.PrometheusText.parse(given().when().get("/q/metrics").then()
                .statusCode(200).extract().asString())
                .sumOrZero("signet_review_decisions_total", Map.of("action", "reject"));
    }

    private void makeReviewer(ApiKeyService.Credentials who) {
        QuarkusTransaction.requiringNew().run(() -> {
            AppUser user = AppUser.findById(who.userId());
            user.reviewer = true;
        });
    }

    private long queuedVersion(String guid) {
        List<Map<String, Object>> results = given().header("Authorization", jwt(bob))
                .when().get("/api/v5/reviewers/queue/").then().statusCode(200).extract().path("results");
        return results.stream().filter(r -> guid.equals(r.get("guid"))).findFirst()
                .map(r -> ((Number) r.get("version_id")).longValue())
                .orElseThrow(() -> new AssertionError(guid + " is not in the queue: " + results));
    }

    private void assertQueueLacks(long versionId) {
        given().header("Authorization", jwt(bob)).when().get("/api/v5/reviewers/queue/").then().statusCode(200)
                .body("results.version_id", not(hasItem((int) versionId)));
    }

    private ValidatableResponse decide(ApiKeyService.Credentials who, long versionId, Map<String, Object> body) {
        return given().header("Authorization", jwt(who)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v5/reviewers/versions/{id}/decision/", versionId).then();
    }

    private String upload(ApiKeyService.Credentials who, String guid, String version, String channel)
            throws Exception {
        var request = given().header("Authorization", jwt(who))
                .multiPart("upload", TestXpi.build(guid, version).toFile());
        if (channel != null) {
            request.multiPart("channel", channel);
        }
        return request.when().put("/api/v4/addons/{guid}/versions/{v}/", guid, version).then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(202))).extract().path("pk");
    }

    /** A first (unlisted) version, validated and signed, so that the next one can be listed and diffed. */
    private void publishSignedResult(String pk) throws Exception {
        UploadJob job = new TestWorker(json).awaitJob(pk);
        BlobRef signed = blobs.putBytes("signed", ("signed " + pk).getBytes(StandardCharsets.UTF_8));
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5),
                new SignedFile(signed.key(), signed.sha256(), signed.size(), "xpi-dev"), Instant.now()));
        TestPolling.awaitProcessed(alice, job.addonGuid(), job.version());
    }

    private void publishValid(UploadJob job, List<ValidationMessage> messages) throws Exception {
        int warnings = (int) messages.stream().filter(m -> m.type().equals("warning")).count();
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                new ValidationReport(true, 0, warnings, 0, Map.of(), messages, Map.of(), 5), null, Instant.now()));
    }

    private ValidatableResponse status(ApiKeyService.Credentials who, String guid, String version) {
        return given().header("Authorization", jwt(who)).when()
                .get("/api/v4/addons/{guid}/versions/{v}/", guid, version).then().statusCode(200);
    }

    private ValidatableResponse awaitSigned(String guid, String version) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            ValidatableResponse r = status(alice, guid, version);
            List<?> files = r.extract().path("files");
            if (!files.isEmpty()) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(guid + " " + version + " was not signed within 30 s");
    }

    private static String jwt(ApiKeyService.Credentials who) {
        return TestJwt.valid(who.jwtIssuer(), who.secret());
    }
}
