package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reviewers' pages over plain HTTP, as a browser without JavaScript posts them: the queue, the review page, the
 * decision form with its CSRF token, and refusals in words. ReviewBrowserE2ETest drives them in Chromium.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class ReviewPagesIT {

    private static final String ADMIN = "Bearer test-only-admin-token";
    private static final String PASSWORD = "a long enough password";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    ApiKeyService.Credentials dev;

    @BeforeEach
    void developer() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        dev = keys.createUserWithKey("page developer");
    }

    @Test
    void aReviewerApprovesFromTheReviewPage() throws Exception {
        String guid = "pages-" + UUID.randomUUID() + "@example.com";
        long versionId = listedVersionWaiting(guid);
        String reviewer = session(account(List.of("developer", "reviewer")));

        given().cookie("signet_session", reviewer).get("/developers/addons").then().statusCode(200)
                .body(containsString("href=\"/reviewers/\""));
        given().cookie("signet_session", reviewer).get("/reviewers/").then().statusCode(200)
                .body(containsString(guid)).body(containsString("href=\"/reviewers/versions/" + versionId + "\""))
                .body(containsString("page developer"));
        Response page = given().cookie("signet_session", reviewer).get("/reviewers/versions/{id}", versionId);
        page.then().statusCode(200).header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("manifest.json")).body(containsString("Compared with version 1.0"))
                .body(containsString("Approve and sign")).body(containsString("&quot;version&quot; : &quot;2.0&quot;"));
        String csrf = csrf(page.asString());

        given().cookie("signet_session", reviewer).formParam("action", "reject").formParam("csrf", csrf)
                .post("/reviewers/versions/{id}", versionId).then().statusCode(400)
                .body(containsString("A rejection needs a comment"));
        given().cookie("signet_session", reviewer).formParam("action", "approve").formParam("csrf", "forged")
                .post("/reviewers/versions/{id}", versionId).then().statusCode(403)
                .body(containsString("The form has expired"));
        given().cookie("signet_session", reviewer).header("Origin", "https://evil.example")
                .formParam("action", "approve").formParam("csrf", csrf)
                .post("/reviewers/versions/{id}", versionId).then().statusCode(403);

        given().redirects().follow(false).cookie("signet_session", reviewer).formParam("action", "approve")
                .formParam("comment", "Fine <b>work</b>").formParam("csrf", csrf)
                .post("/reviewers/versions/{id}", versionId).then().statusCode(303)
                .header("Location", endsWith("/reviewers/?decided=approved"));
        given().cookie("signet_session", reviewer).get("/reviewers/?decided=approved").then().statusCode(200)
                .body(containsString("Decision recorded: approved.")).body(not(containsString(guid)));
        given().cookie("signet_session", reviewer).get("/reviewers/?decided=hacked").then().statusCode(200)
                .body(not(containsString("Decision recorded")));
        given().cookie("signet_session", reviewer).get("/reviewers/versions/{id}", versionId).then().statusCode(200)
                .body(containsString("Already approved")).body(containsString("Fine &lt;b&gt;work&lt;/b&gt;"))
                .body(not(containsString("Approve and sign")));
        new TestWorker(json).awaitJob(j -> j.addonGuid().equals(guid) && j.approved(), "the approval's job");
    }

    @Test
    void whoIsNotAReviewerIsToldSoAndWhoIsNotLoggedInIsSentToLogIn() throws Exception {
        long versionId = listedVersionWaiting("pages-no-" + UUID.randomUUID() + "@example.com");
        String developer = session(account(List.of("developer")));
        given().cookie("signet_session", developer).get("/developers/addons").then().statusCode(200)
                .body(not(containsString("href=\"/reviewers/\"")));
        given().cookie("signet_session", developer).get("/reviewers/").then().statusCode(403)
                .body(containsString("You do not have permission to perform this action."));
        given().cookie("signet_session", developer).get("/reviewers/versions/{id}", versionId).then()
                .statusCode(403);
        given().redirects().follow(false).get("/reviewers/").then().statusCode(303)
                .header("Location", endsWith("/developers/login"));
        given().redirects().follow(false).formParam("action", "approve").post("/reviewers/versions/{id}", versionId)
                .then().statusCode(303).header("Location", endsWith("/developers/login"));
        String reviewer = session(account(List.of("reviewer")));
        given().cookie("signet_session", reviewer).get("/reviewers/versions/{id}", "x").then().statusCode(404)
                .contentType(containsString("text/html"));
        given().cookie("signet_session", reviewer).get("/reviewers/versions/{id}", Long.MAX_VALUE).then()
                .statusCode(404);
    }

    /** A first, signed unlisted version and a listed 2.0, validated and waiting; returns 2.0's version id. */
    private long listedVersionWaiting(String guid) throws Exception {
        String auth = TestJwt.valid(dev.jwtIssuer(), dev.secret());
        String first = given().header("Authorization", auth).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201).extract().path("pk");
        publishValid(new TestWorker(json).awaitJob(first));
        TestPolling.awaitProcessed(dev, guid, "1.0");
        String second = given().header("Authorization", auth).multiPart("upload", TestXpi.build(guid, "2.0").toFile())
                .multiPart("channel", "listed").when().put("/api/v4/addons/{g}/versions/2.0/", guid).then()
                .statusCode(202).extract().path("pk");
        publishValid(new TestWorker(json).awaitJob(second));
        TestPolling.awaitProcessed(dev, guid, "2.0");
        String reviewer = session(account(List.of("reviewer")));
        List<Map<String, Object>> queue = given().queryParam("_user", reviewer).get("/api/v5/reviewers/queue/")
                .then().statusCode(200).extract().path("results");
        return queue.stream().filter(e -> guid.equals(e.get("guid"))).findFirst()
                .map(e -> ((Number) e.get("version_id")).longValue()).orElseThrow();
    }

    private void publishValid(UploadJob job) throws Exception {
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5), null, Instant.now()));
    }

    private static String account(List<String> roles) {
        String email = "pages-" + UUID.randomUUID() + "@example.com";
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "display_name", "Reviewer " + roles.size(),
                        "roles", roles))
                .post("/admin/accounts").then().statusCode(201);
        return email;
    }

    private static String session(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/v2/account/login/").then().statusCode(201).extract().path("token");
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), "no CSRF field in the page");
        return m.group(1);
    }
}
