package dev.signet.autograph.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.autograph.SignerTestResource;
import dev.signet.testing.CommittedDocument;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The OpenAPI document the signer serves at /q/openapi, and the committed copy under docs/ that must match it. */
@QuarkusTest
@WithTestResource(SignerTestResource.class)
class OpenApiDocumentTest {

    @Test
    void theServedDocumentDescribesTheApiAndTheCommittedCopyIsCurrent() throws Exception {
        String yaml = given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/sign/data")).body(containsString("/__monitor__")).extract().asString();
        assertNull(CommittedDocument.compare(Path.of("..", "docs", "openapi", "autograph-signer.yaml"), yaml));
    }
}
