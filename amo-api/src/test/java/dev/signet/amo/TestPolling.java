package dev.signet.amo;

import static io.restassured.RestAssured.given;

import dev.signet.amo.auth.ApiKeyService;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.UUID;

/** Polls a version's status as a client does, until it is processed (or 30 s passed). */
final class TestPolling {

    private TestPolling() {
    }

    static ValidatableResponse awaitProcessed(ApiKeyService.Credentials owner, String guid, String version)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            ValidatableResponse r = given().header("Authorization", TestJwt.valid(owner.jwtIssuer(), owner.secret()))
                    .when().get("/api/v4/addons/{guid}/versions/{v}/", guid, version).then().statusCode(200);
            if (Boolean.TRUE.equals(r.extract().path("processed")) || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(100);
        }
    }

    /** The upload id of a status document's {@code pk} (32 hex digits). */
    static UUID uploadId(String pk) {
        return dev.signet.amo.service.StatusService.parse(pk).orElseThrow();
    }
}
