package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.testing.CommittedDocument;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The OpenAPI document amo-api serves at /q/openapi, and the committed copy under docs/ that must match it. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class OpenApiDocumentIT {

    @Test
    void theServedDocumentDescribesTheApiAndTheCommittedCopyIsCurrent() throws Exception {
        String yaml = given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/{api}/addons/{guid}/versions/{version}"))
                .body(containsString("/api/v5/addons/upload")).body(containsString("/api/v5/reviewers/queue"))
                .body(containsString("/api/v5/accounts/webhooks")).extract().asString();
        given().when().get("/q/openapi?format=json").then().statusCode(200).body(containsString("\"openapi\""));
        assertNull(CommittedDocument.compare(Path.of("..", "docs", "openapi", "amo-api.yaml"), yaml));
    }
}
