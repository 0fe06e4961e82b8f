package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A status poll of an unchanged document costs no SQL statement (its API key and the document's state come from
 * this replica's caches), a client holding the document's ETag gets a bodiless 304 until the document changes,
 * every change announced on the NOTIFY channel (by this replica or another) reaches the next poll, nothing comes
 * from memory while the announcements cannot be heard, and a key revoked behind this replica's back (by another
 * replica) stops working within the key cache's TTL.
 */
@QuarkusTest
@TestProfile(CheapPollsIT.CountedStatements.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class CheapPollsIT {

    private static final Duration KEY_CACHE_TTL = Duration.ofSeconds(5);

    /**
     * Statement counting on, and the outbox relay off, so that the only statements counted are the request's
     * (the results below are published straight to Kafka; no job needs to reach it).
     */
    public static class CountedStatements implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.hibernate-orm.statistics", "true",
                    "amo.outbox.relay-enabled", "false",
                    "amo.jwt.key-cache-ttl", KEY_CACHE_TTL.toSeconds() + "s",
                    // Far past every wait below: what these tests see comes from announcements, not expiry.
                    "amo.status-cache.ttl", "120s");
        }
    }

    @Inject
    ApiKeyService keys;

    @Inject
    EntityManager em;

    @Inject
    SessionFactory sessions;

    @Inject
    ObjectMapper json;

    private ApiKeyService.Credentials dev;

    @BeforeEach
    void createDeveloper() {
        dev = keys.createUserWithKey("poller-" + UUID.randomUUID());
    }

    @Test
    void aPollIsOneStatementAndAnUnchangedDocumentIsA304UntilTheResultArrives() throws Exception {
        String guid = "etag-" + UUID.randomUUID() + "@example.com";
        String pk = given().header("Authorization", auth()).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201).extract().path("pk");

        ExtractableResponse<Response> first = poll(guid, null);
        assertEquals(200, first.statusCode());
        String tag = first.header("ETag");
        assertNotNull(tag, "the status document has an ETag");

        Statistics stats = sessions.getStatistics();
        long before = stats.getPrepareStatementCount();
        ExtractableResponse<Response> unchanged = poll(guid, tag);
        assertEquals(0, stats.getPrepareStatementCount() - before,
                "a poll of an unchanged document with a cached key is no statement at all");
        assertEquals(304, unchanged.statusCode());
        assertEquals("", unchanged.body().asString(), "a 304 has no body");
        assertEquals(tag, unchanged.header("ETag"));

        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION,
                TestPolling.uploadId(pk).toString(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5), null, Instant.now()));
        ExtractableResponse<Response> changed = awaitChange(guid, tag);
        assertEquals(200, changed.statusCode());
        assertEquals(Boolean.TRUE, changed.path("processed"));
        assertNotEquals(tag, changed.header("ETag"), "the ETag changes with the document");
        assertEquals(304, poll(guid, changed.header("ETag")).statusCode());
        // Another URL form of the same document is another document (its url fields differ).
        assertEquals(200, given().header("Authorization", auth()).header("If-None-Match", changed.header("ETag"))
                .when().get("/api/v3/addons/{g}/versions/1.0/", guid).then().extract().statusCode());
    }

    @Test
    void aKeyRevokedByAnotherReplicaStopsWorkingWithinTheCacheTtl() throws Exception {
        String path = "/api/v4/addons/none-" + UUID.randomUUID() + "@example.com/versions/1.0/";
        given().header("Authorization", auth()).when().get(path).then().statusCode(404); // the key is now cached
        Instant revoked = Instant.now();
        // What the admin API of another replica does: this replica's cache is not told.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE api_key SET active = false, revoked_at = now() WHERE jwt_issuer = ?1")
                .setParameter(1, dev.jwtIssuer()).executeUpdate());
        while (given().header("Authorization", auth()).when().get(path).then().extract().statusCode() == 404) {
            assertTrue(Duration.between(revoked, Instant.now()).compareTo(KEY_CACHE_TTL.plusSeconds(3)) < 0,
                    "a revoked key still works after the cache TTL");
            Thread.sleep(200);
        }
        given().header("Authorization", auth()).when().get(path)
                .then().statusCode(401).body("detail", org.hamcrest.Matchers.equalTo("Unknown JWT iss (issuer)."));
    }

    @Test
    void aChangeAnnouncedByAnotherReplicaReachesTheNextPollAndOnlyAnAnnouncedOne() throws Exception {
        String guid = "cached-" + UUID.randomUUID() + "@example.com";
        String pk = upload(guid);
        assertEquals(Boolean.FALSE, poll(guid, null).path("processed"));

        // A row changed without an announcement is not seen: the document comes from memory.
        UUID id = TestPolling.uploadId(pk);
        sql("UPDATE upload SET processed_at = now(), valid = false WHERE id = ?1", id);
        assertEquals(Boolean.FALSE, poll(guid, null).path("processed"), "served from the status cache");
        ApiKeyService.Credentials stranger = keys.createUserWithKey("stranger-" + UUID.randomUUID());
        given().header("Authorization", TestJwt.valid(stranger.jwtIssuer(), stranger.secret()))
                .when().get("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(403);

        // Another replica's transaction announces it as ResultService does: the next poll has it.
        sql("SELECT pg_notify('signet_upload_changed', ?1)", id + "\t" + guid + "\t1.0");
        ExtractableResponse<Response> changed = awaitProcessed(guid);
        assertEquals(Boolean.TRUE, changed.path("processed"));
        assertEquals(Boolean.FALSE, changed.path("valid"));
        assertEquals(pk, given().header("Authorization", auth()).when()
                .get("/api/v4/addons/{g}/versions/1.0/uploads/{pk}/", guid, pk).then().statusCode(200)
                .extract().path("pk"), "the upload's own document follows too");
    }

    @Test
    void aNewUploadOfTheVersionIsTheDocumentOfTheVeryNextPoll() throws Exception {
        String guid = "reupload-" + UUID.randomUUID() + "@example.com";
        String first = upload(guid);
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION,
                TestPolling.uploadId(first).toString(), false,
                new ValidationReport(false, 1, 0, 0, Map.of(), List.of(), Map.of(), 5), null, Instant.now()));
        assertEquals(Boolean.FALSE, awaitProcessed(guid).path("valid"));

        String second = upload(guid);
        assertNotEquals(first, second);
        assertEquals(second, poll(guid, null).path("pk"), "the cached document of the failed upload is gone");
    }

    @Test
    void whileTheListenerIsDisconnectedNothingComesFromMemory() throws Exception {
        String guid = "unheard-" + UUID.randomUUID() + "@example.com";
        String pk = upload(guid);
        assertEquals(Boolean.FALSE, poll(guid, null).path("processed"));

        // The listener's connection dies (a PostgreSQL restart, a proxy): announcements from now on are lost,
        // including this change's, which is not even made until the listener is gone.
        QuarkusTransaction.requiringNew().run(() -> assertTrue(((Number) em.createNativeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = 'amo-api upload-change-listener'").getSingleResult())
                .intValue() >= 1, "the listener has its own, named connection"));
        sql("UPDATE upload SET processed_at = now(), valid = false WHERE id = ?1", TestPolling.uploadId(pk));
        ExtractableResponse<Response> seen = awaitProcessed(guid);
        assertEquals(Boolean.TRUE, seen.path("processed"), "a change made while nobody listened is not hidden");
    }

    private String upload(String guid) throws java.io.IOException {
        return given().header("Authorization", auth()).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then()
                .statusCode(org.hamcrest.Matchers.oneOf(201, 202)).extract().path("pk");
    }

    /** A statement in its own transaction, as another replica's would be. */
    private void sql(String statement, Object parameter) {
        QuarkusTransaction.requiringNew().run(() -> {
            var query = em.createNativeQuery(statement).setParameter(1, parameter);
            if (statement.startsWith("SELECT")) {
                query.getSingleResult();
            } else {
                assertEquals(1, query.executeUpdate());
            }
        });
    }

    private ExtractableResponse<Response> awaitProcessed(String guid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            ExtractableResponse<Response> r = poll(guid, null);
            if (Boolean.TRUE.equals(r.path("processed")) || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(50);
        }
    }

    private ExtractableResponse<Response> awaitChange(String guid, String tag) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            ExtractableResponse<Response> r = poll(guid, tag);
            if (r.statusCode() != 304 || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(100);
        }
    }

    private ExtractableResponse<Response> poll(String guid, String ifNoneMatch) {
        var request = given().header("Authorization", auth());
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return request.when().get("/api/v4/addons/{g}/versions/1.0/", guid).then().extract();
    }

    private String auth() {
        return TestJwt.valid(dev.jwtIssuer(), dev.secret());
    }
}
