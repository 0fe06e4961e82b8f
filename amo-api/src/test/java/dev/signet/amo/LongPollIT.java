package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.amo.longpoll.UploadWaiters;
import dev.signet.infra.postgres.PostgresServer;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import dev.signet.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ?wait=N} on the status GET: the answer comes when the result is applied (announced through PostgreSQL,
 * the path another replica's change takes too), a client holding the current ETag gets its 304 only after the
 * wait, and waiting requests hold neither a worker thread nor a database connection: many more of them than this
 * replica has of either wait at once while ordinary polls are still answered.
 */
@QuarkusTest
@TestProfile(LongPollIT.FewThreads.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class LongPollIT {

    private static final int WORKER_THREADS = 16;
    private static final int DB_CONNECTIONS = 6;
    private static final int WAITERS = 500;

    /** Few worker threads and connections, so that waiters holding either would starve everything else. */
    public static class FewThreads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.thread-pool.max-threads", String.valueOf(WORKER_THREADS),
                    "quarkus.datasource.jdbc.max-size", String.valueOf(DB_CONNECTIONS),
                    "amo.outbox.relay-enabled", "false");
        }
    }

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    @Inject
    UploadWaiters waiters;

    @TestHTTPResource("/")
    URL root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ApiKeyService.Credentials dev;

    @BeforeEach
    void createDeveloper() {
        dev = keys.createUserWithKey("long-poller-" + UUID.randomUUID());
    }

    @Test
    void aWaitingPollIsAnsweredWhenTheResultArrives() throws Exception {
        String guid = upload();
        Instant asked = Instant.now();
        CompletableFuture<HttpResponse<String>> waiting = get(guid, "?wait=50", null);
        awaitWaiters(1);
        assertFalse(waiting.isDone(), "an unprocessed upload's status waits");

        publishResult(guid);
        HttpResponse<String> answer = waiting.get(50, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertTrue(json.readTree(answer.body()).path("processed").asBoolean(), answer.body());
        assertTrue(Duration.between(asked, Instant.now()).compareTo(Duration.ofSeconds(40)) < 0,
                "answered on the change, not at the end of the wait");

        // Processed: a wait without an ETag has nothing to wait for.
        HttpResponse<String> settled = get(guid, "?wait=50", null).get(10, TimeUnit.SECONDS);
        assertEquals(200, settled.statusCode());
        assertEquals(answer.headers().firstValue("ETag"), settled.headers().firstValue("ETag"));
    }

    @Test
    void aChangeMadeByAnotherReplicaWakesTheWaiter() throws Exception {
        String guid = upload();
        String pk = pk(guid);
        CompletableFuture<HttpResponse<String>> waiting = get(guid, "?wait=50", null);
        awaitWaiters(1);

        // Another replica's result: its own connection, its own transaction, the announcement on commit.
        PostgresServer pg = TestInfra.postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE upload SET processed_at = now(), valid = false WHERE id = ?");
                    PreparedStatement announce = c.prepareStatement("SELECT pg_notify('signet_upload_changed', ?)")) {
                update.setObject(1, TestPolling.uploadId(pk));
                assertEquals(1, update.executeUpdate());
                announce.setString(1, TestPolling.uploadId(pk).toString());
                announce.execute();
            }
            Thread.sleep(500);
            assertFalse(waiting.isDone(), "nothing is announced before the commit");
            c.commit();
        }
        HttpResponse<String> answer = waiting.get(50, TimeUnit.SECONDS);
        JsonNode status = json.readTree(answer.body());
        assertTrue(status.path("processed").asBoolean(), answer.body());
        assertFalse(status.path("valid").asBoolean(), answer.body());
    }

    @Test
    void withTheCurrentETagTheAnswerIsA304AtTheEndOfTheWait() throws Exception {
        String guid = upload();
        publishResult(guid);
        TestPolling.awaitProcessed(dev, guid, "1.0");
        HttpResponse<String> current = get(guid, "", null).get(10, TimeUnit.SECONDS);
        String tag = current.headers().firstValue("ETag").orElseThrow();

        long start = System.nanoTime();
        HttpResponse<String> unchanged = get(guid, "?wait=2", tag).get(20, TimeUnit.SECONDS);
        assertEquals(304, unchanged.statusCode());
        assertEquals("", unchanged.body());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(1900).toNanos(), "the request waited");

        HttpResponse<String> stale = get(guid, "?wait=30", "\"some-older-tag\"").get(10, TimeUnit.SECONDS);
        assertEquals(200, stale.statusCode(), "a client holding another document gets the current one at once");
    }

    @Test
    void waitersHoldNoWorkerThreadAndNoDatabaseConnection() throws Exception {
        String guid = upload();
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            waiting.add(get(guid, "?wait=50", null));
        }
        awaitWaiters(WAITERS);

        // With every thread or connection held by a waiter this would hang; it is answered instead.
        String other = upload();
        HttpResponse<String> plain = get(other, "", null).get(20, TimeUnit.SECONDS);
        assertEquals(200, plain.statusCode());
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "the waiters still wait");

        publishResult(guid);
        for (CompletableFuture<HttpResponse<String>> w : waiting) {
            HttpResponse<String> answer = w.get(60, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode());
            assertTrue(json.readTree(answer.body()).path("processed").asBoolean());
        }
        assertEquals(0, waiters.size(), "answered waiters leave the registry");
    }

    @Test
    void waitMustBeAWholeNumberOfSeconds() throws Exception {
        String guid = upload();
        HttpResponse<String> bad = get(guid, "?wait=soon", null).get(10, TimeUnit.SECONDS);
        assertEquals(400, bad.statusCode());
        JsonNode body = json.readTree(bad.body());
        assertTrue(body.path("error").asText().startsWith("wait must be a whole number of seconds"), bad.body());
    }

    @Test
    void anotherDevelopersWaitIsRefusedAtOnce() throws Exception {
        String guid = upload();
        ApiKeyService.Credentials stranger = keys.createUserWithKey("stranger-" + UUID.randomUUID());
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(root + "api/v4/addons/" + guid + "/versions/1.0/?wait=50"))
                .header("Authorization", TestJwt.valid(stranger.jwtIssuer(), stranger.secret())).build();
        HttpResponse<String> refused = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .get(10, TimeUnit.SECONDS);
        assertEquals(403, refused.statusCode());
    }

    private String upload() throws Exception {
        String guid = "wait-" + UUID.randomUUID() + "@example.com";
        given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201);
        return guid;
    }

    private String pk(String guid) {
        return given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .when().get("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(200).extract().path("pk");
    }

    private void publishResult(String guid) throws Exception {
        String pk = pk(guid);
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION,
                TestPolling.uploadId(pk).toString(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5), null, Instant.now()));
    }

    private CompletableFuture<HttpResponse<String>> get(String guid, String query, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(root + "api/v4/addons/" + guid + "/versions/1.0/" + query))
                .header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitWaiters(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (waiters.size() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + waiters.size() + " of " + n + " requests wait");
            Thread.sleep(50);
        }
    }
}
