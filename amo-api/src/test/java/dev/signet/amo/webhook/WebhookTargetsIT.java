package dev.signet.amo.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the production rule (no internal targets), the API refuses them as a field error and stores nothing. */
@QuarkusTest
@TestProfile(WebhookTargetsIT.ProductionTargets.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class WebhookTargetsIT {

    public static class ProductionTargets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("amo.webhooks.allow-private-targets", "false",
                    "%test.amo.webhooks.allow-private-targets", "false");
        }
    }

    @Test
    void internalTargetsAreRefusedAtRegistration() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        String token = WebhooksIT.account().token();
        for (String url : List.of("http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/", "http://[::1]/", "http://localhost:8080/")) {
            given().queryParam("_user", token).contentType(ContentType.JSON).body(Map.of("url", url))
                    .post("/api/v5/accounts/webhooks/").then().statusCode(400)
                    .body("url[0]", containsString("may not target loopback, private, link-local"));
        }
        given().queryParam("_user", token).get("/api/v5/accounts/webhooks/").then().statusCode(200)
                .body("count", equalTo(0));
    }
}
