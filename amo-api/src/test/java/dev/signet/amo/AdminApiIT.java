package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** Creating, rotating and revoking API keys through the admin API, and using them with JWT. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class AdminApiIT {

    /** Matches %test.amo.admin-token: a test-only value. */
    private static final String ADMIN = "Bearer test-only-admin-token";

    @Test
    void keysAreCreatedRotatedAndRevoked() {
        JsonPath created = given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\": \"carol\"}").when().post("/admin/users")
                .then().statusCode(201).body("key", matchesPattern("user:\\d+:\\d{1,3}"))
                .body("secret", matchesPattern("[0-9a-f]{64}")).extract().jsonPath();
        String key = created.getString("key");
        String secret = created.getString("secret");
        long userId = created.getLong("user_id");
        given().header("Authorization", TestJwt.valid(key, secret))
                .when().get("/api/v4/addons/none@example.com/versions/1.0/").then().statusCode(404);

        JsonPath rotated = given().header("Authorization", ADMIN).when().post("/admin/users/{id}/keys", userId)
                .then().statusCode(201).body("user_id", equalTo((int) userId)).extract().jsonPath();
        given().header("Authorization", TestJwt.valid(key, secret))
                .when().get("/api/v4/addons/none@example.com/versions/1.0/")
                .then().statusCode(401).body("detail", equalTo("Unknown JWT iss (issuer)."));
        String newKey = rotated.getString("key");
        given().header("Authorization", TestJwt.valid(newKey, rotated.getString("secret")))
                .when().get("/api/v4/addons/none@example.com/versions/1.0/").then().statusCode(404);

        given().header("Authorization", ADMIN).when().delete("/admin/keys/{key}", newKey).then().statusCode(204);
        given().header("Authorization", TestJwt.valid(newKey, rotated.getString("secret")))
                .when().get("/api/v4/addons/none@example.com/versions/1.0/").then().statusCode(401);
        given().header("Authorization", ADMIN).when().delete("/admin/keys/{key}", newKey).then().statusCode(404);
    }

    @Test
    void theAdminApiNeedsTheToken() {
        given().contentType("application/json").body("{\"name\": \"x\"}").when().post("/admin/users")
                .then().statusCode(401).body("detail", equalTo("Invalid admin token."));
        given().header("Authorization", "Bearer wrong").contentType("application/json").body("{\"name\": \"x\"}")
                .when().post("/admin/users").then().statusCode(401);
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .when().post("/admin/users").then().statusCode(400);
        given().header("Authorization", ADMIN).when().post("/admin/users/999999/keys").then().statusCode(404);
        given().header("Authorization", ADMIN).contentType("application/json").body("{not json")
                .when().post("/admin/users").then().statusCode(400);
    }
}
