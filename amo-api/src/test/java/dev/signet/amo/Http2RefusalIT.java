package dev.signet.amo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import dev.signet.testing.h2.EarlyAnswerClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads refused before their body is read, over HTTP/2 (cleartext, prior knowledge) as an independent client
 * speaks it: hyper-h2 in Debian's Python, which like nghttp2 treats a connection-specific header such as the
 * {@code Connection: close} of HTTP/1 refusals as a protocol error. The refusal must arrive whole, the stream end
 * with at most RST_STREAM(NO_ERROR), and the connection serve the next request. (Debian 12's curl 7.88 cannot be
 * the client: it fails early answers to uploads over HTTP/2 against any server, a bug fixed in curl 8.)
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class Http2RefusalIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    ApiKeyService keys;

    @TempDir
    static Path dir;

    @BeforeAll
    static void clientIsThere() throws Exception {
        EarlyAnswerClient.requireAvailable();
    }

    @Test
    void anUnauthenticatedUploadGetsItsJson401AndTheConnectionServesTheNextRequest() throws Exception {
        JsonNode result = uploadThenHealth("JWT not.a.token", 2_500_000);
        JsonNode refused = result.path("answers").get(0);
        assertEquals(401, refused.path("status").asInt(), result.toString());
        assertEquals("Error decoding signature.", JSON.readTree(refused.path("body").asText()).path("detail").asText());
        assertRefusalEndsOnlyItsStream(result);
    }

    @Test
    void anOversizedUploadGetsItsJson413AndTheConnectionServesTheNextRequest() throws Exception {
        ApiKeyService.Credentials dev = keys.createUserWithKey("h2-user");
        long now = System.currentTimeMillis() / 1000;
        String token = "JWT " + TestJwt.token(dev.jwtIssuer(), dev.secret(), now, now + 300,
                UUID.randomUUID().toString());
        // Over the 3 MiB test limit, from an authenticated developer: the size check is the one that refuses it.
        JsonNode result = uploadThenHealth(token, 4 * 1024 * 1024);
        JsonNode refused = result.path("answers").get(0);
        assertEquals(413, refused.path("status").asInt(), result.toString());
        assertTrue(JSON.readTree(refused.path("body").asText()).path("error").asText().contains("too large"),
                result.toString());
        assertRefusalEndsOnlyItsStream(result);
    }

    private static void assertRefusalEndsOnlyItsStream(JsonNode result) {
        JsonNode refused = result.path("answers").get(0);
        assertEquals("application/json", refused.path("headers").path("content-type").asText(), result.toString());
        assertTrue(refused.path("ended").asBoolean(), "the answer arrived whole: " + result);
        assertTrue(refused.path("reset").isNull() || refused.path("reset").asInt() == 0,
                "the stream is ended with NO_ERROR at most: " + result);
        JsonNode next = result.path("answers").get(1);
        assertEquals(200, next.path("status").asInt(), "the next request on the connection is served: " + result);
        assertFalse(result.path("goaway").asBoolean(), "the connection is not shut down: " + result);
    }

    private JsonNode uploadThenHealth(String authorization, int size) throws IOException, InterruptedException {
        Path upload = dir.resolve("upload-" + size + ".xpi");
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(upload, bytes);
        return JSON.readTree(EarlyAnswerClient.run(base.getHost(), base.getPort(),
                "/api/v4/addons/h2@example.com/versions/1.0/", authorization, upload, "/q/health/live", null));
    }
}
