package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx with a JSON body, never a 500 or an empty answer from the HTTP layer. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class HostileInputIT {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ApiKeyService keys;

    ApiKeyService.Credentials dev;

    @BeforeEach
    void developer() {
        dev = keys.createUserWithKey("hostile");
    }

    @Test
    void aMalformedOrTruncatedMultipartBodyIs400() throws Exception {
        String garbage = "this is not multipart at all";
        String truncated = "--" + TestMultipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"upload\";"
                + " filename=\"a.xpi\"\r\nContent-Type: application/x-xpinstall\r\n\r\nPK\u0003\u0004 and then nothing";
        String headerless = "--" + TestMultipart.BOUNDARY + "\r\nno part headers end here";
        for (String body : new String[] {garbage, truncated, headerless}) {
            RawHttp.Response response = upload("/api/v4/addons/bad-body@example.com/versions/1.0/",
                    body.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(400, response.status(), response.raw());
            assertJsonError(response, "error");
        }
    }

    @Test
    void controlCharactersAndOverlongIdsInTheUrlAre4xxJson() throws Exception {
        String auth = TestJwt.valid(dev.jwtIssuer(), dev.secret());
        String guid = "owned-" + UUID.randomUUID() + "@example.com";
        given().header("Authorization", auth).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201);
        for (String bad : new String[] {"a%00b@example.com", "a%01b@example.com", "%7F@x", "a".repeat(300) + "@x"}) {
            given().header("Authorization", auth).urlEncodingEnabled(false)
                    .when().get("/api/v4/addons/" + bad + "/versions/1.0/")
                    .then().statusCode(400).body("error", equalTo("Invalid Add-on ID in URL or package"));
            given().header("Authorization", auth).urlEncodingEnabled(false)
                    .multiPart("upload", TestXpi.build("x@example.com", "1.0").toFile())
                    .when().put("/api/v4/addons/" + bad + "/versions/1.0/").then().statusCode(400);
        }
        for (String bad : new String[] {"1.0%00", "1%0A0", "9".repeat(300)}) {
            given().header("Authorization", auth).urlEncodingEnabled(false)
                    .when().get("/api/v4/addons/" + guid + "/versions/" + bad + "/")
                    .then().statusCode(404).body("error", equalTo("No uploaded file for that add-on and version."));
            given().header("Authorization", auth).urlEncodingEnabled(false)
                    .when().get("/api/v4/addons/" + guid + "/versions/" + bad + "/uploads/%00/")
                    .then().statusCode(404);
        }
    }

    @Test
    void controlCharactersInJwtClaimsAndFileNamesAreHandled() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        given().header("Authorization", "JWT " + TestJwt.token("user:1\u0000:1", dev.secret(), now, now + 60, null))
                .when().get("/api/v4/addons/a@b/versions/1.0/")
                .then().statusCode(401).body("detail", equalTo("Unknown JWT iss (issuer)."));
        given().header("Authorization", "JWT " + TestJwt.token(dev.jwtIssuer(), dev.secret(), now, now + 60,
                "jti\u0000")).when().get("/api/v4/addons/a@b/versions/1.0/")
                .then().statusCode(401).body("detail", equalTo("Invalid JWT Token."));
        String guid = "name-" + UUID.randomUUID() + "@example.com";
        byte[] xpi = Files.readAllBytes(TestXpi.build(guid, "1.0"));
        RawHttp.Response response = upload("/api/v4/addons/" + guid + "/versions/1.0/",
                TestMultipart.upload(xpi, "evil\u0000name\u0007.xpi", Map.of()));
        assertEquals(201, response.status(), response.raw());
    }

    @Test
    void rawBracesInThePathWorkAsOnAmo() throws Exception {
        String guid = "{" + UUID.randomUUID() + "}";
        byte[] xpi = Files.readAllBytes(TestXpi.build(guid, "1.0"));
        RawHttp.Response put = upload("/api/v4/addons/" + guid + "/versions/1.0/", TestMultipart.upload(xpi,
                "a.xpi", Map.of()));
        assertEquals(201, put.status(), put.raw());
        assertTrue(put.body().contains("\"guid\":\"" + guid + "\""), put.body());
        try (RawHttp http = new RawHttp(base)) {
            http.send("GET /api/v4/addons/" + guid + "/versions/1.0/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + TestJwt.valid(dev.jwtIssuer(), dev.secret()) + "\r\nConnection: close\r\n\r\n");
            RawHttp.Response get = http.readUntilClosed();
            assertEquals(200, get.status(), get.raw());
        }
    }

    @Test
    void anOverlongUriOrHeaderGetsAJsonError() throws Exception {
        try (RawHttp http = new RawHttp(base)) {
            http.send("GET /api/v4/addons/" + "a".repeat(20_000) + "@x/versions/1.0/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawHttp.Response response = http.readUntilClosed();
            assertEquals(414, response.status(), response.raw());
            assertJsonError(response, "error");
        }
        try (RawHttp http = new RawHttp(base)) {
            http.send("GET /api/v4/addons/a@b/versions/1.0/ HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(40_000)
                    + "\r\n\r\n");
            RawHttp.Response response = http.readUntilClosed();
            assertEquals(431, response.status(), response.raw());
            assertJsonError(response, "error");
        }
    }

    private RawHttp.Response upload(String path, byte[] body) throws IOException {
        try (RawHttp http = new RawHttp(base)) {
            http.send("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + TestJwt.valid(dev.jwtIssuer(), dev.secret()) + "\r\nContent-Type: " + TestMultipart.CONTENT_TYPE
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n");
            http.send(body);
            return http.readUntilClosed();
        }
    }

    private static void assertJsonError(RawHttp.Response response, String field) throws IOException {
        assertEquals("application/json", response.header("Content-Type"), response.raw());
        String message = new ObjectMapper().readTree(response.body()).path(field).asText();
        assertTrue(!message.isEmpty(), response.raw());
    }
}
