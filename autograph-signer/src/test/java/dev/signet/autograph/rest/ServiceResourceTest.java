package dev.signet.autograph.rest;

import static dev.signet.autograph.SignerTestResource.FILES;
import static dev.signet.autograph.SignerTestResource.P256;
import static dev.signet.autograph.SignerTestResource.P384;
import static dev.signet.autograph.SignerTestResource.P521;
import static dev.signet.autograph.SignerTestResource.PKI;
import static dev.signet.autograph.SignerTestResource.RSA;
import static dev.signet.autograph.TestKeys.ALICE;
import static dev.signet.autograph.TestKeys.BOB;
import static dev.signet.autograph.TestKeys.CAROL;
import static dev.signet.autograph.TestKeys.MONITOR;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.autograph.SignerTestResource;
import dev.signet.hawk.HawkClient;
import dev.signet.model.signer.SignatureResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(SignerTestResource.class)
class ServiceResourceTest {

    @BeforeAll
    static void setUp() {
        HawkRequests.configure();
    }

    @Test
    void heartbeats() {
        given().get("/__heartbeat__").then().statusCode(200).contentType(containsString("application/json"))
                .body(equalTo("{}"));
        given().get("/__lbheartbeat__").then().statusCode(200).contentType(containsString("text/plain"))
                .body(equalTo("ohai"));
        given().post("/__lbheartbeat__").then().statusCode(405);
    }

    @Test
    void version() {
        given().get("/__version__").then().statusCode(200).contentType(containsString("application/json"))
                .body("source", notNullValue()).body("version", notNullValue()).body("commit", notNullValue())
                .body("build", notNullValue());
    }

    @Test
    void health() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("checks[0].name", equalTo("signers"));
    }

    @Test
    void keyIds() {
        HawkRequests.get(ALICE, "/auths/alice/keyids").then().statusCode(200)
                .body("$", equalTo(List.of(P256, P384, P521, FILES, RSA)));
        HawkRequests.get(BOB, "/auths/bob/keyids").then().statusCode(200).body("$", equalTo(List.of(P256)));
        HawkRequests.get(MONITOR, "/auths/monitor/keyids").then().statusCode(200).body("$", hasSize(0));
        HawkRequests.get(BOB, "/auths/alice/keyids").then().statusCode(403)
                .body("error", equalTo("Authorized user \"bob\" cannot request keyids for user \"alice\""));
        HawkRequests.get(ALICE, "/auths/al.ice/keyids").then().statusCode(404);
        given().get("/auths/alice/keyids").then().statusCode(401);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        HawkRequests.signed(ALICE, "GET", "/auths/alice/keyids", "application/json", body).get("/auths/alice/keyids")
                .then().statusCode(400);
        HawkRequests.signed(ALICE, "POST", "/auths/alice/keyids", "application/json", body)
                .post("/auths/alice/keyids").then().statusCode(405);
    }

    /** As {@code autograph-client -listkeyids}: a GET without Content-Type whose Hawk header has no hash. */
    @Test
    void keyIdsAcceptAHashlessHeaderAsAutographsClientSends() {
        String path = "/auths/alice/keyids";
        given().header("Authorization", HawkClient.headerWithHash(ALICE, "GET", HawkRequests.uri(path), null))
                .get(path).then().statusCode(200).body("$", equalTo(List.of(P256, P384, P521, FILES, RSA)));
        // Where there is a body the hash stays required.
        byte[] body = "[{\"input\":\"aGk=\"}]".getBytes(StandardCharsets.UTF_8);
        given().header("Authorization", HawkClient.headerWithHash(ALICE, "POST", HawkRequests.uri("/sign/data"), null))
                .contentType("application/json").body(body).post("/sign/data").then().statusCode(401)
                .body("error", containsString("missing required payload hash"));
    }

    @Test
    void monitor() throws Exception {
        String ndjson = HawkRequests.get(MONITOR, "/__monitor__").then().statusCode(201)
                .contentType(containsString("application/json")).extract().asString();
        String[] lines = ndjson.strip().split("\n");
        assertEquals(6, lines.length, ndjson);
        ObjectMapper mapper = new ObjectMapper();
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            SignatureResponse r = mapper.readValue(line, SignatureResponse.class);
            ids.add(r.signerId());
            if (r.signerId().equals(FILES)) {
                // A file-only signer signs a small test file instead of the monitoring string.
                assertEquals("AUTOGRAPH MONITORING\nsigned-by: files\n",
                        new String(r.signedFile(), StandardCharsets.UTF_8));
            } else {
                assertTrue(r.signature() != null && !r.signature().isEmpty());
            }
        }
        assertEquals(List.of(P384, P256, P521, RSA, PKI, FILES), ids);
        // Cached: a second call answers the same signatures (refs) until the next monitor pass.
        String again = HawkRequests.get(MONITOR, "/__monitor__").then().statusCode(201).extract().asString();
        assertEquals(ndjson.replaceAll("\"x5u\":\"[^\"]*\"", ""), again.replaceAll("\"x5u\":\"[^\"]*\"", ""));
        HawkRequests.get(ALICE, "/__monitor__").then().statusCode(401)
                .body("error", equalTo("user is not permitted to call this endpoint"));
        given().get("/__monitor__").then().statusCode(401);
    }

    /**
     * HTTP/2 has no Host header (the JDK's client upgrades with h2c): the x5u is made absolute from the :authority
     * as over HTTP/1.1, on /sign/data and on /__monitor__ alike.
     */
    @Test
    void theX5uIsAbsoluteOverHttp2Too() throws Exception {
        HttpClient h2 = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2).build();
        String prefix = "http://localhost:" + RestAssured.port + "/x5u/" + PKI + "/";
        byte[] body = ("[{\"input\":\"" + Base64.getEncoder().encodeToString("a collection over HTTP/2".getBytes(StandardCharsets.UTF_8))
                + "\"}]").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) { // the first request is the h2c upgrade, the second a plain HTTP/2 stream
            HttpResponse<String> signed = h2.send(HttpRequest.newBuilder(
                    HawkRequests.uri("/sign/data")).header("Content-Type", "application/json")
                    .header("Authorization", HawkRequests.header(CAROL, "POST", "/sign/data", "application/json", body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, signed.statusCode(), signed.body());
            if (i == 1) {
                assertEquals(HttpClient.Version.HTTP_2, signed.version(), "the second request went over HTTP/2");
            }
            SignatureResponse r = new ObjectMapper().readValue(signed.body(), SignatureResponse[].class)[0];
            assertTrue(r.x5u().startsWith(prefix), r.x5u());
        }
        HttpResponse<String> monitored = h2.send(HttpRequest.newBuilder(
                HawkRequests.uri("/__monitor__")).header("Content-Type", "application/json")
                .header("Authorization", HawkRequests.header(MONITOR, "GET", "/__monitor__", "application/json",
                        new byte[0])).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, monitored.statusCode(), monitored.body());
        assertEquals(HttpClient.Version.HTTP_2, monitored.version());
        assertTrue(monitored.body().contains("\"x5u\":\"" + prefix), monitored.body());
    }

    @Test
    void contentSignaturePkiX5uIsServedLocally() throws Exception {
        SignatureResponse r = HawkRequests.post(CAROL, "/sign/data", "[{\"input\":\"" + Base64.getEncoder()
                .encodeToString("remote settings collection".getBytes(StandardCharsets.UTF_8)) + "\"}]")
                .then().statusCode(201).extract().as(SignatureResponse[].class)[0];
        assertEquals("contentsignaturepki", r.type());
        String prefix = "http://localhost:" + RestAssured.port + "/x5u/" + PKI + "/";
        assertTrue(r.x5u().startsWith(prefix), r.x5u());
        String path = r.x5u().substring(("http://localhost:" + RestAssured.port).length());
        String chain = given().get(path).then().statusCode(200).extract().asString();
        assertEquals(3, chain.split("-----BEGIN CERTIFICATE-----").length - 1);
        given().get("/x5u/" + PKI + "/other.chain").then().statusCode(404);
        given().get("/x5u/" + P384 + "/x.chain").then().statusCode(404);
    }

    @Test
    void unknownPathIsJson404() {
        given().get("/nope").then().statusCode(404).body("error", equalTo("not found"))
                .header("X-Frame-Options", "SAMEORIGIN");
    }
}
