package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.amo.auth.ApiKeyService;
import dev.signet.infra.postgres.PostgresServer;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import dev.signet.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a running amo-api: requests get 503 with Retry-After (not 500), readiness says DOWN
 * without telling where the database is, and once PostgreSQL is back the same process serves again.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class DatabaseOutageIT {

    @Inject
    ApiKeyService keys;

    @Test
    void anOutageIs503AndTheServiceRecoversWithoutARestart() throws Exception {
        ApiKeyService.Credentials dev = keys.createUserWithKey("outage");
        String guid = "outage-" + UUID.randomUUID() + "@example.com";
        given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"));

        PostgresServer postgres = TestInfra.postgres();
        postgres.close();
        try {
            given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                    .when().get("/api/v4/addons/{g}/versions/1.0/", guid)
                    .then().statusCode(503).header("Retry-After", equalTo("5"))
                    .header("Content-Type", equalTo("application/json"))
                    .body("detail", equalTo("Service temporarily unavailable, try again later."));
            given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                    .multiPart("upload", TestXpi.build(guid, "1.1").toFile())
                    .when().put("/api/v4/addons/{g}/versions/1.1/", guid)
                    .then().statusCode(503).header("Retry-After", equalTo("5"));
            given().when().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'database' }.status", equalTo("DOWN"))
                    .body(not(containsString("127.0.0.1"))).body(not(containsString(String.valueOf(postgres.port()))))
                    .body(not(containsString("jdbc")));
        } finally {
            postgres.startAgain();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        do {
            Thread.sleep(200);
            status = given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                    .when().get("/api/v4/addons/{g}/versions/1.0/", guid).then().extract().statusCode();
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "serving again after PostgreSQL came back");
        given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.1").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.1/", guid).then().statusCode(202);
    }
}
