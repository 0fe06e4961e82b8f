package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationMessage;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * validation_url opens in a browser (no JWT): the report as escaped HTML, behind a per-upload token, so
 * nobody reads another developer's report.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class ValidationPageIT {

    private static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    @Test
    void theValidationUrlShowsTheEscapedReportToWhoeverHoldsIt() throws Exception {
        ApiKeyService.Credentials dev = keys.createUserWithKey("page-owner");
        String guid = "page-" + UUID.randomUUID() + "@example.com";
        String auth = TestJwt.valid(dev.jwtIssuer(), dev.secret());
        var accepted = given().header("Authorization", auth).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201)
                .body("validation_url", matchesPattern("http://[^/]+/developers/upload/[0-9a-f]{32}/[A-Za-z0-9_-]{22}"))
                .extract();
        String pk = accepted.path("pk");
        String page = URI.create(accepted.path("validation_url")).getPath();
        given().when().get(page).then().statusCode(200).body(containsString("Validation is in progress"));

        TestWorker worker = new TestWorker(json);
        UploadJob job = worker.awaitJob(pk);
        ValidationMessage message = new ValidationMessage("u1", "error", List.of("a", "b"), 1, "Bad " + HOSTILE,
                "In file " + HOSTILE, "content/" + HOSTILE + ".js", 3, null);
        ValidationMessage notice = new ValidationMessage("u2", "notice", List.of("n"), 1, "A notice", "Fyi", null,
                null, null);
        ValidationMessage warning = new ValidationMessage("u3", "warning", List.of("w"), 1, "A warning", "Careful",
                "background.js", 7, null);
        worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), false,
                new ValidationReport(false, 1, 1, 1, Map.of(), List.of(notice, warning, message), Map.of(), 1), null,
                Instant.now()));
        awaitFailed(page);
        String html = given().when().get(page).then().statusCode(200)
                .body(containsString("1 errors, 1 warnings, 1 notices.")).extract().asString();
        // Grouped whatever the report's order: errors, then warnings, then notices.
        int errors = html.indexOf(">Errors</h2>");
        int warnings = html.indexOf(">Warnings</h2>");
        int notices = html.indexOf(">Notices</h2>");
        org.junit.jupiter.api.Assertions.assertTrue(errors > 0 && errors < html.indexOf("Bad &lt;script")
                && html.indexOf("Bad &lt;script") < warnings && warnings < html.indexOf("A warning")
                && html.indexOf("A warning") < notices && notices < html.indexOf("A notice"), html);
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("<td>background.js</td><td>7</td>"), html);

        given().when().get(page).then().statusCode(200)
                .header("Content-Type", equalTo("text/html; charset=utf-8"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .body(containsString("Your add-on failed validation."))
                .body(containsString("Bad &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img"))
                .body(not(containsString("<script>"))).body(not(containsString("<img")));

        // The token belongs to this upload only; without it, or for another upload, there is nothing there.
        String otherGuid = "page-other-" + UUID.randomUUID() + "@example.com";
        String otherPk = given().header("Authorization", auth)
                .multiPart("upload", TestXpi.build(otherGuid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", otherGuid).then().statusCode(201).extract().path("pk");
        String token = page.substring(page.lastIndexOf('/') + 1);
        given().when().get("/developers/upload/{pk}/{t}", otherPk, token).then().statusCode(404)
                .header("Content-Type", equalTo("application/json"));
        given().when().get("/developers/upload/{pk}/{t}", pk, "A" + token.substring(1)).then().statusCode(404);
        given().when().get("/developers/upload/{pk}", pk).then().statusCode(404);
        given().when().get("/developers/upload/{pk}/{t}", "%00", token).then().statusCode(404);
    }

    private static void awaitFailed(String page) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline
                && !given().when().get(page).then().extract().asString().contains("failed validation")) {
            Thread.sleep(100);
        }
    }
}
