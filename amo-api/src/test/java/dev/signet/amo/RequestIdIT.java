package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.requestid.RequestIds;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import dev.signet.testing.logs.LogCapture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request id from the PUT to the Kafka job and back: echoed, validated, stored with the upload and its
 * outbox row, sent as the job's header, and the MDC of the result consumer's lines for that upload. Real
 * PostgreSQL and Kafka; the worker's side is played by the test.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class RequestIdIT {

    @Inject
    ApiKeyService keys;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    private LogCapture logs;
    private ApiKeyService.Credentials dev;

    @BeforeEach
    void setUp() {
        dev = keys.createUserWithKey("reqid-" + UUID.randomUUID());
        logs = LogCapture.of("dev.signet.amo");
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    @Test
    void theClientsIdFollowsTheUploadToKafkaAndBack() throws Exception {
        String id = "ci-run-" + UUID.randomUUID();
        String guid = "reqid-" + UUID.randomUUID() + "@example.com";
        Response put = upload(guid, id);
        assertEquals(201, put.statusCode(), put.asString());
        assertEquals(id, put.header(RequestIds.HTTP_HEADER));
        String pk = put.path("pk");

        assertEquals(id, column("SELECT request_id FROM upload WHERE replace(id::text, '-', '') = ?1", pk));
        assertEquals(id, column("SELECT request_id FROM outbox WHERE replace(message_key, '-', '') = ?1", pk));

        TestWorker worker = new TestWorker(json);
        ConsumerRecord<String, String> job = worker.awaitJobRecord(j -> j.uploadId().replace("-", "").equals(pk),
                "upload " + pk);
        var header = job.headers().lastHeader(RequestIds.KAFKA_HEADER);
        assertEquals(id, new String(header.value(), StandardCharsets.UTF_8));

        worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.key(), false,
                new ValidationReport(false, 1, 0, 0, Map.of(), List.of(), Map.of(), 1), null, Instant.now()), id);
        TestPolling.awaitProcessed(dev, guid, "1.0");
        ExtLogRecord recorded = logs.awaitMessage(Duration.ofSeconds(10), "result recorded", job.key());
        assertEquals(id, recorded.getMdc(RequestIds.MDC_KEY), recorded.getFormattedMessage());

        // A result without the header (an older worker) logs under a fresh id, not the previous result's.
        String otherGuid = "reqid-" + UUID.randomUUID() + "@example.com";
        String otherPk = upload(otherGuid, "other-" + UUID.randomUUID()).path("pk");
        String otherUpload = worker.awaitJob(otherPk).uploadId();
        worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, otherUpload, false,
                new ValidationReport(false, 1, 0, 0, Map.of(), List.of(), Map.of(), 1), null, Instant.now()));
        TestPolling.awaitProcessed(dev, otherGuid, "1.0");
        String fresh = logs.awaitMessage(Duration.ofSeconds(10), "result recorded", otherUpload)
                .getMdc(RequestIds.MDC_KEY);
        assertNotEquals(id, fresh);
        assertTrue(RequestIds.valid(fresh).isPresent(), fresh);
    }

    @Test
    void anInvalidIdIsReplacedByAFreshOne() throws Exception {
        for (String bad : new String[] {"a".repeat(65), "two words", "<script>", "id;rm"}) {
            String guid = "reqid-" + UUID.randomUUID() + "@example.com";
            Response put = upload(guid, bad);
            assertEquals(201, put.statusCode(), put.asString());
            String echoed = put.header(RequestIds.HTTP_HEADER);
            assertNotEquals(bad, echoed);
            assertTrue(RequestIds.valid(echoed).isPresent(), echoed);
            String pk = put.path("pk");
            assertEquals(echoed, column("SELECT request_id FROM outbox WHERE replace(message_key, '-', '') = ?1",
                    pk), "the replacement, not the client's text, goes on");
        }
    }

    @Test
    void everyAnswerCarriesAnIdEvenAnEarlyRefusal() {
        String generated = given().when().get("/q/health/live").then().statusCode(200)
                .extract().header(RequestIds.HTTP_HEADER);
        assertTrue(RequestIds.valid(generated).isPresent(), String.valueOf(generated));
        // Refused by HttpLayerErrors before the REST layer: the id is assigned before that.
        String tooLong = given().header(RequestIds.HTTP_HEADER, "early-1")
                .when().get("/api/v4/addons/" + "x".repeat(9000) + "/").then().statusCode(414)
                .extract().header(RequestIds.HTTP_HEADER);
        assertEquals("early-1", tooLong);
        String distinct = given().when().get("/q/health/live").then().extract().header(RequestIds.HTTP_HEADER);
        assertNotEquals(generated, distinct);
    }

    private Response upload(String guid, String requestId) throws Exception {
        Path xpi = TestXpi.build(guid, "1.0");
        return given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .header(RequestIds.HTTP_HEADER, requestId)
                .multiPart("upload", xpi.toFile(), "application/x-xpinstall")
                .when().put("/api/v4/addons/{guid}/versions/1.0/", guid);
    }

    private Object column(String sql, String pk) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(sql).setParameter(1, pk).getSingleResult());
    }
}
