package dev.signet.autograph.rest;

import static dev.signet.autograph.TestKeys.ALICE;
import static dev.signet.autograph.TestKeys.BOB;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.SignerTestResource;
import dev.signet.model.requestid.RequestIds;
import dev.signet.testing.logs.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The caller's X-Request-Id in the signer: echoed, in the audit line (text and MDC), in error bodies. */
@QuarkusTest
@WithTestResource(SignerTestResource.class)
class RequestIdTest {

    private static final String BODY = "[{\"input\":\"" + SignResourceTest.INPUT + "\"}]";

    @BeforeAll
    static void setUp() {
        HawkRequests.configure();
    }

    @Test
    void theCallersIdIsInTheAuditLineOfItsSignature() throws Exception {
        String id = "job-" + UUID.randomUUID();
        try (LogCapture audit = LogCapture.of("dev.signet.autograph.audit")) {
            Response res = withId(id).post("/sign/data");
            res.then().statusCode(201);
            assertEquals(id, res.header(RequestIds.HTTP_HEADER));
            String ref = res.path("[0].ref");
            ExtLogRecord signed = audit.awaitMessage(Duration.ofSeconds(5), "signed ref=" + ref);
            assertTrue(signed.getFormattedMessage().contains(" request_id=" + id + " "), signed.getFormattedMessage());
            assertEquals(id, signed.getMdc(RequestIds.MDC_KEY));
            ExtLogRecord released = audit.awaitMessage(Duration.ofSeconds(5), "released refs=" + ref);
            assertEquals(id, released.getMdc(RequestIds.MDC_KEY));
        }
    }

    @Test
    void anInvalidIdIsReplacedAndTheErrorBodyNamesTheIdInTheHeader() {
        Response res = withId("bad id with spaces").post("/sign/data");
        String echoed = res.header(RequestIds.HTTP_HEADER);
        assertTrue(RequestIds.valid(echoed).isPresent(), echoed);
        assertNotEquals("bad id with spaces", echoed);

        Response refused = HawkRequests.signed(BOB, "POST", "/sign/data", "application/json",
                ("[{\"input\":\"" + SignResourceTest.INPUT + "\",\"keyid\":\"nope\"}]").getBytes(StandardCharsets.UTF_8))
                .header(RequestIds.HTTP_HEADER, "refused-1").post("/sign/data");
        assertEquals(401, refused.statusCode(), refused.asString());
        assertEquals("refused-1", refused.header(RequestIds.HTTP_HEADER));
        assertEquals("refused-1", refused.path("request_id"));
    }

    @Test
    void aRefusalBeforeAnyRouteCarriesTheId() {
        Response res = given().header(RequestIds.HTTP_HEADER, "early-2").get("/" + "x".repeat(10_000));
        assertEquals(414, res.statusCode(), res.asString());
        assertEquals("early-2", res.header(RequestIds.HTTP_HEADER));
        assertEquals("early-2", res.path("request_id"));
    }

    private static io.restassured.specification.RequestSpecification withId(String id) {
        return HawkRequests.signed(ALICE, "POST", "/sign/data", "application/json",
                BODY.getBytes(StandardCharsets.UTF_8)).header(RequestIds.HTTP_HEADER, id);
    }
}
