package dev.signet.autograph.rest;

import static dev.signet.autograph.TestKeys.ALICE;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.autograph.SignerTestResource;
import dev.signet.hawk.HawkCredentials;
import dev.signet.model.signer.SignatureResponse;
import dev.signet.testing.h2.EarlyAnswerClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Authentication before the body, the spooled path for large bodies, the large-body budget, and connections
 * closed when a body is refused before it is read — over raw sockets where the framing matters.
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
@WithTestResource(SignerTestResource.class)
class BodyLimitsTest {

    @BeforeAll
    static void setUp() {
        HawkRequests.configure();
    }

    static byte[] dataRequest(int inputBytes, long seed) {
        byte[] input = new byte[inputBytes];
        new Random(seed).nextBytes(input);
        return ("[{\"input\":\"" + Base64.getEncoder().encodeToString(input) + "\"}]")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String head(String path, String authorization, long contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost:" + RestAssured.port + "\r\n"
                + "Content-Type: application/json\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    @Test
    void anUnauthenticatedBodyIsRefusedBeforeItIsReadAndTheConnectionClosed() throws Exception {
        HawkCredentials mallory = HawkCredentials.of("mallory", "mallory-has-no-account-here-0123456789");
        byte[] claimed = dataRequest(30_000, 1);
        for (String authorization : Arrays.asList(null,
                HawkRequests.header(mallory, "POST", "/sign/data", "application/json", claimed))) {
            try (RawHttp http = new RawHttp(RestAssured.port, 10_000)) {
                // The body is announced but never sent: the answer may not wait for it.
                http.send(head("/sign/data", authorization, claimed.length)).send(Arrays.copyOf(claimed, 100));
                RawHttp.Reply reply = http.read();
                assertEquals(401, reply.status(), reply.body());
                assertTrue(reply.body().contains("\"request_id\""), reply.body());
                assertEquals("close", reply.header("Connection"));
                assertTrue(http.closedByServer(), "the refused connection is closed");
            }
        }
    }

    @Test
    void aBodyRefusedForItsSizeClosesItsConnectionAndTheNextConnectionIsServedAtOnce() throws Exception {
        byte[] big = dataRequest(60_000, 2);
        String authorization = HawkRequests.header(ALICE, "POST", "/sign/data", "application/json", big);
        try (RawHttp http = new RawHttp(RestAssured.port, 10_000)) {
            http.send(head("/sign/data", authorization, big.length)).send(Arrays.copyOf(big, 1000));
            RawHttp.Reply reply = http.read();
            assertEquals(413, reply.status(), reply.body());
            assertTrue(reply.body().contains("max size"), reply.body());
            assertEquals("close", reply.header("Connection"));
            assertTrue(http.closedByServer(), "the refused connection is closed");
        }
        byte[] small = dataRequest(100, 3);
        try (RawHttp http = new RawHttp(RestAssured.port, 5_000)) {
            http.send(head("/sign/data", HawkRequests.header(ALICE, "POST", "/sign/data", "application/json",
                    small), small.length)).send(small);
            assertEquals(201, http.read().status());
        }
    }

    /**
     * The same refusals over HTTP/2 (h2c, prior knowledge), with hyper-h2 as the client: no {@code Connection}
     * header (HTTP/2 forbids it), the answer whole, the stream ended with at most RST_STREAM(NO_ERROR), and the
     * connection serving the next request.
     */
    @Test
    void overHttp2ARefusalEndsOnlyItsStream() throws Exception {
        EarlyAnswerClient.requireAvailable();
        Path small = Files.createTempFile("h2-unauthenticated", ".json");
        Path big = Files.createTempFile("h2-too-big", ".json");
        try {
            Files.write(small, dataRequest(30_000, 5));
            Files.write(big, dataRequest(60_000, 6));
            String signed = HawkRequests.header(ALICE, "POST", "/sign/data", "application/json",
                    Files.readAllBytes(big));
            for (String authorization : Arrays.asList(null, signed)) {
                Path body = authorization == null ? small : big;
                JsonNode result = new ObjectMapper()
                        .readTree(EarlyAnswerClient.run("localhost", RestAssured.port, "/sign/data", authorization,
                                body, "/__heartbeat__", "application/json"));
                JsonNode refused = result.path("answers").get(0);
                assertEquals(authorization == null ? 401 : 413, refused.path("status").asInt(), result.toString());
                assertTrue(refused.path("body").asText().contains("\"request_id\""), result.toString());
                assertFalse(refused.path("headers").has("connection"), result.toString());
                assertTrue(refused.path("ended").asBoolean(), result.toString());
                assertTrue(refused.path("reset").isNull() || refused.path("reset").asInt() == 0, result.toString());
                assertEquals(200, result.path("answers").get(1).path("status").asInt(), result.toString());
                assertFalse(result.path("goaway").asBoolean(), result.toString());
            }
        } finally {
            Files.deleteIfExists(small);
            Files.deleteIfExists(big);
        }
    }

    @Test
    void aLargeBodyIsSpooledWhileItsHashIsCheckedThenSigned() throws Exception {
        byte[] body = dataRequest(3 * LimitsProfile.IN_MEMORY_MAX, 4);
        String authorization = HawkRequests.header(ALICE, "POST", "/sign/data", "application/json", body);
        byte[] tampered = body.clone();
        tampered[20] = tampered[20] == 'A' ? (byte) 'B' : (byte) 'A';
        RestAssured.given().header("Authorization", authorization).contentType("application/json").body(tampered)
                .post("/sign/data").then().statusCode(401).body("error", containsString("payload validation failed"));

        SignatureResponse r = RestAssured.given().header("Authorization", authorization)
                .contentType("application/json").body(body).post("/sign/data").then().statusCode(201).extract()
                .as(SignatureResponse[].class)[0];
        byte[] input = Base64.getDecoder().decode(new String(body, StandardCharsets.UTF_8)
                .replaceAll("^\\[\\{\"input\":\"|\"}]$", ""));
        SignResourceTest.assertContentSignature(r, input, "SHA384withECDSA");

        RestAssured.given().header("Authorization", authorization).contentType("application/json").body(body)
                .post("/sign/data").then().statusCode(401).body("error", containsString("replayed"));
    }

    @Test
    @Disabled("flaky: in some runs the holder's half-sent request is not dispatched (so holds no reservation) "
            + "while the second is tried; the budget itself is covered by BodyBudgetTest")
    void whenTheLargeBodyBudgetIsUsedUpTheAnswerIs503WithRetryAfter() throws Exception {
        byte[] first = dataRequest(22_000, 5);
        byte[] second = dataRequest(22_000, 6);
        assertTrue(first.length + second.length > LimitsProfile.BUDGET);
        try (RawHttp holder = new RawHttp(RestAssured.port, 10_000)) {
            holder.send(head("/sign/data", HawkRequests.header(ALICE, "POST", "/sign/data", "application/json",
                    first), first.length)).send(Arrays.copyOf(first, 1000));
            // A byte every 250 ms keeps the holder's request alive past the profile's 3 s idle timeout, which
            // would otherwise close it (and give its reservation back) while the second request is being tried.
            ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
            int[] sent = {1000};
            trickle.scheduleAtFixedRate(() -> {
                try {
                    if (sent[0] < first.length - 1) {
                        holder.send(Arrays.copyOfRange(first, sent[0], sent[0] + 1));
                        sent[0]++;
                    }
                } catch (IOException e) {
                    // the holder was closed: the assertion below reports what the second request got
                }
            }, 250, 250, TimeUnit.MILLISECONDS);
            RawHttp.Reply reply;
            try {
                reply = awaitBusy(second);
            } finally {
                trickle.shutdownNow();
            }
            assertEquals(503, reply.status(), reply.body());
            assertEquals(Integer.toString(LimitsProfile.RETRY_AFTER), reply.header("Retry-After"));
            assertTrue(reply.body().contains("retry later") && reply.body().contains("request_id"), reply.body());
        }
        // The holder's connection is gone: its reservation comes back and the same request now goes through.
        int status = 0;
        for (int i = 0; i < 50 && status != 201; i++) {
            status = HawkRequests.signed(ALICE, "POST", "/sign/data", "application/json", second)
                    .post("/sign/data").statusCode();
            if (status != 201) {
                Thread.sleep(100);
            }
        }
        assertEquals(201, status);
    }

    // The holder's request reaches the budget a moment after its bytes are sent; until then a second request
    // would take the budget itself, so ask until the answer is the refusal (each attempt is answered at once).
    private static RawHttp.Reply awaitBusy(byte[] body) throws Exception {
        RawHttp.Reply reply = null;
        for (int i = 0; i < 300; i++) {
            try (RawHttp http = new RawHttp(RestAssured.port, 2_000)) {
                http.send(head("/sign/data", HawkRequests.header(ALICE, "POST", "/sign/data", "application/json",
                        body), body.length)).send(body);
                reply = http.read();
            }
            if (reply.status() == 503) {
                return reply;
            }
            Thread.sleep(100);
        }
        return reply;
    }

    @Test
    void garbageBodiesGetPlainWordsWithoutJavaTypes() {
        for (String garbage : List.of("{\"input\":\"AAAA\"}", "\"text\"", "[[1]]", "[1]", "[{\"input\":5}]",
                "[{\"input\":\"AAAAAAAAAAAAAAAA\",\"options\":\"x\"}]", "[{\"input\":\"AAAAAAAAAAAAAAAA\",\"keyid\":[1]}]",
                "[{\"input\":{}}]", "[{\"files\":{}}]", "[{\"input\":\"AAAA\"", "[{\"input\" \"AAAA\"}]")) {
            String error = HawkRequests.post(ALICE, "/sign/data", garbage).then().statusCode(400).extract()
                    .path("error");
            for (String leak : List.of("java", "`", "dev.signet", "fasterxml", "Cannot deserialize")) {
                assertFalse(error.contains(leak), garbage + " -> " + error);
            }
        }
    }

    @Test
    void rawBracesInThePathAsCurlGSendsThemGetTheJsonAnswerOfTheRoute() throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port, 10_000)) {
            RawHttp.Reply reply = http.send("GET /x5u/{abc}/chain.pem HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            assertEquals(404, reply.status(), reply.body());
            assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.headers().toString());
            assertTrue(reply.body().contains("\"error\""), reply.body());
        }
        try (RawHttp http = new RawHttp(RestAssured.port, 10_000)) {
            RawHttp.Reply reply = http.send("GET /__heartbeat__?q={x}|y HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            assertEquals(200, reply.status(), reply.body());
        }
    }

    @Test
    void limitsOfTheRequestLineHeadersAndDeclaredBodyAnswerJsonAndClose() throws Exception {
        String[] requests = {
            "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /__heartbeat__ HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
            "POST /sign/data HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 3000000000\r\n\r\n"};
        int[] statuses = {414, 431, 413};
        for (int i = 0; i < requests.length; i++) {
            try (RawHttp http = new RawHttp(RestAssured.port, 10_000)) {
                RawHttp.Reply reply = http.send(requests[i]).read();
                assertEquals(statuses[i], reply.status(), reply.body());
                assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.headers().toString());
                assertTrue(reply.body().contains("\"error\"") && reply.body().contains("\"request_id\""),
                        reply.body());
                assertTrue(http.closedByServer(), "closed after " + statuses[i]);
            }
        }
    }

    @Test
    void silentSlowClientsAreDisconnectedWhileOthersAreServed() throws Exception {
        List<RawHttp> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                // Half a request head, then nothing: what a slowloris client leaves open.
                slow.add(new RawHttp(RestAssured.port, (LimitsProfile.IDLE_TIMEOUT_SECONDS + 10) * 1000)
                        .send("POST /sign/data HTTP/1.1\r\nHost: localhost\r\nX-Slow: a"));
            }
            byte[] body = dataRequest(64, 20);
            HawkRequests.signed(ALICE, "POST", "/sign/data", "application/json", body).post("/sign/data").then()
                    .statusCode(201);
            for (RawHttp connection : slow) {
                assertTrue(connection.closedByServer(), "an idle half-sent request is closed by the idle timeout");
            }
        } finally {
            for (RawHttp connection : slow) {
                connection.close();
            }
        }
    }
}
