package dev.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.infra.stack.DevJwt;
import dev.signet.infra.stack.LocalStack;
import dev.signet.infra.stack.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as {@code ./signet up} runs it — real PostgreSQL, real Kafka, the three packaged services —
 * driven over HTTP like a user with curl: upload, poll, and the guarantees around it (restart, crash).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class WalkingSkeletonE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path data;
    private static StackSettings settings;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = E2eStack.get();
        settings = stack.settings();
        data = settings.dataDir();
    }

    @Test
    @Order(1)
    void anUploadIsValidatedAndSignedThroughEveryService() throws Exception {
        HttpResponse<String> put = upload("e2e@signet.example", "1.0");
        assertEquals(201, put.statusCode(), put.body());
        assertEquals("application/json", put.headers().firstValue("Content-Type").orElse(""));
        JsonNode accepted = JSON.readTree(put.body());
        assertEquals(false, accepted.get("processed").asBoolean());

        JsonNode done = awaitProcessed("e2e@signet.example", "1.0");
        assertTrue(done.get("valid").asBoolean(), done.toString());
        assertEquals(accepted.get("pk").asText(), done.get("pk").asText());
        assertEquals("e2e@signet.example", done.at("/validation_results/metadata/id").asText());
        assertEquals(5, done.at("/validation_results/ending_tier").asInt());
        String signerLog = Files.readString(data.resolve("logs/autograph-signer.log"));
        assertTrue(signerLog.contains("user_id=validator-worker"), "the worker's Hawk-authenticated call reached "
                + "the signer");
    }

    @Test
    @Order(2)
    void anInvalidUploadIsProcessedAsInvalid() throws Exception {
        // amo-api's synchronous checks pass (id and version match); the worker finds "name" missing.
        HttpResponse<String> put = upload("noname@signet.example", "2.0", zipWithManifest("{\"manifest_version\": 2,"
                + " \"version\": \"2.0\", \"browser_specific_settings\": {\"gecko\": {\"id\": \"noname@signet.example\"}}}"));
        assertEquals(201, put.statusCode(), put.body());
        JsonNode done = awaitProcessed("noname@signet.example", "2.0");
        assertEquals(false, done.get("valid").asBoolean(), done.toString());
        assertTrue(done.at("/validation_results/errors").asInt() > 0, done.toString());
    }

    @Test
    @Order(3)
    void theSignerRefusesCallsWithoutHawk() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(settings.signerUrl()
                + "/sign/data")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"input\":\"aGVsbG8=\"}]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{"), "a JSON error body: " + response.body());
    }

    @Test
    @Order(4)
    void anUploadAcceptedWhileTheWorkerIsDownIsProcessedWhenItReturns() throws Exception {
        stack.crashService("validator-worker");
        HttpResponse<String> put = upload("crash@signet.example", "1.0");
        assertEquals(201, put.statusCode(), put.body());
        stack.restartService("validator-worker");
        assertTrue(awaitProcessed("crash@signet.example", "1.0").get("valid").asBoolean());
    }

    @Test
    @Order(5)
    void anUploadAcceptedJustBeforeAmoApiCrashedIsStillSigned() throws Exception {
        // Hold the job in the outbox (this replica does not relay), so the crash lands between the commit that
        // acknowledged the upload and the job reaching Kafka, every time.
        stack.restartService("amo-api", List.of("-Damo.outbox.relay-enabled=false"));
        HttpResponse<String> put = upload("api-crash@signet.example", "1.0");
        assertEquals(201, put.statusCode(), put.body());
        Thread.sleep(2000);
        assertEquals(false, status("api-crash@signet.example", "1.0").get("processed").asBoolean(),
                "the job must still be waiting in the outbox");
        stack.crashService("amo-api");
        stack.restartService("amo-api");
        JsonNode done = awaitProcessed("api-crash@signet.example", "1.0");
        assertTrue(done.get("valid").asBoolean(), done.toString());
        assertEquals(1, done.get("files").size(), "unlisted and valid: signed after the restart " + done);
        assertTrue(done.at("/files/0/signed").asBoolean(), done.toString());
    }

    @Test
    @Order(6)
    void uploadsAndTheirStatusSurviveARestartOfTheWholeStack() throws Exception {
        stack = E2eStack.restart();
        JsonNode status = status("e2e@signet.example", "1.0");
        assertEquals(true, status.get("processed").asBoolean());
        assertEquals(true, status.get("valid").asBoolean());
        HttpResponse<String> again = upload("e2e@signet.example", "1.0");
        assertEquals(409, again.statusCode(), again.body());
    }

    private static HttpResponse<String> upload(String guid, String version) throws Exception {
        return upload(guid, version, xpi(guid, version));
    }

    private static HttpResponse<String> upload(String guid, String version, byte[] xpi) throws Exception {
        Multipart body = Multipart.file("upload", "addon.xpi", xpi);
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.amoUrl() + "/api/v4/addons/" + guid
                + "/versions/" + version + "/"))
                .header("Authorization", "JWT " + jwt())
                .header("Content-Type", body.contentType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.body())).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitProcessed(String guid, String version) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode status = status(guid, version);
        while (!status.get("processed").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = status(guid, version);
        }
        assertTrue(status.get("processed").asBoolean(), "not processed in time: " + status);
        return status;
    }

    private static JsonNode status(String guid, String version) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(settings.amoUrl()
                + "/api/v4/addons/" + guid + "/versions/" + version + "/"))
                .header("Authorization", "JWT " + jwt()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String jwt() {
        return DevJwt.token(stack.credentials().amoApiKey(), stack.credentials().amoApiSecret());
    }

    private static byte[] xpi(String id, String version) throws IOException {
        return Xpis.webExtension(id, version);
    }

    private static byte[] zipWithManifest(String manifest) throws IOException {
        return Xpis.withManifest(manifest);
    }
}
