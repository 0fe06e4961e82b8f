package dev.signet.amo;

import static io.restassured.RestAssured.given;
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
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The JWT is checked before the upload body is read: an unauthenticated client gets its 401 after sending the
 * headers, not after sending (and the server reading) the whole file. And a JWT is checked once per request.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class AuthBeforeBodyIT {

    /** Under the 3 MiB test limit, so only authentication can refuse it early. */
    private static final long DECLARED_LENGTH = 2_500_000;

    @TestHTTPResource("/")
    URL base;

    @Inject
    ApiKeyService keys;

    @Test
    void anUnauthenticatedUploadIsRefusedBeforeItsBodyIsSent() throws Exception {
        assertRefusedEarly("PUT /api/v4/addons/early@example.com/versions/1.0/", "JWT not.a.token",
                "Error decoding signature.");
        assertRefusedEarly("POST /api/v4/addons/", null, "Authentication credentials were not provided.");
    }

    private void assertRefusedEarly(String requestLine, String authorization, String detail) throws Exception {
        try (RawHttp http = new RawHttp(base)) {
            http.sendUploadStart(requestLine, authorization, DECLARED_LENGTH);
            RawHttp.Response response = http.readUntilClosed();
            assertEquals(401, response.status(), response.raw());
            assertEquals("application/json", response.header("Content-Type"));
            assertTrue(response.header("WWW-Authenticate").startsWith("JWT realm="), response.raw());
            assertEquals(detail, new ObjectMapper().readTree(response.body()).path("detail").asText());
            assertEquals("close", response.header("Connection"));
            assertTrue(response.closed(), "the connection is closed within the linger time, the body never read");
        }
    }

    @Test
    void aJwtWithAJtiIsUsedOncePerRequestNotRefusedAsItsOwnReplay() throws Exception {
        ApiKeyService.Credentials dev = keys.createUserWithKey("jti-user");
        long now = System.currentTimeMillis() / 1000;
        String guid = "jti-" + UUID.randomUUID() + "@example.com";
        String token = "JWT " + TestJwt.token(dev.jwtIssuer(), dev.secret(), now, now + 300,
                UUID.randomUUID().toString());
        given().header("Authorization", token).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201);
        given().header("Authorization", token).when().get("/api/v4/addons/{g}/versions/1.0/", guid)
                .then().statusCode(401);
    }
}
