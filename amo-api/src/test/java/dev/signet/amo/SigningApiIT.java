package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.SignedFile;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signing API against the real PostgreSQL and Kafka; the worker's side is played by the test. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class SigningApiIT {

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    @Inject
    BlobStore blobs;

    @Inject
    jakarta.persistence.EntityManager em;

    ApiKeyService.Credentials alice;

    @BeforeEach
    void createDeveloper() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        alice = keys.createUserWithKey("alice");
    }

    @Test
    void uploadIsQueuedAndItsResultShowsInTheStatus() throws Exception {
        String guid = "addon-" + UUID.randomUUID() + "@example.com";
        Path xpi = TestXpi.build(guid, "1.0");

        String pk = given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .multiPart("upload", xpi.toFile(), "application/x-xpinstall")
                .when().put("/api/v4/addons/{guid}/versions/1.0/", guid)
                .then().statusCode(201)
                .header("Content-Type", equalTo("application/json"))
                .body("guid", equalTo(guid))
                .body("processed", equalTo(false))
                .body("automated_signing", equalTo(true))
                .body("files", hasSize(0))
                .body("validation_results", nullValue())
                .body("pk", matchesPattern("[0-9a-f]{32}"))
                .body("url", startsWith("http"))
                .extract().path("pk");

        UploadJob job = awaitJob(pk);
        assertEquals(guid, job.addonGuid());
        assertEquals("1.0", job.version());
        assertNotNull(job.fileSha256());

        publishResult(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of("errors", 0, "warnings", 0, "notices", 0), List.of(),
                        Map.of("manifestVersion", 2), 5),
                null, Instant.now()));

        awaitStatus(guid, "1.0").body("processed", equalTo(true)).body("valid", equalTo(true))
                .body("validation_results.success", equalTo(true))
                .body("validation_results.ending_tier", equalTo(5));

        // Another file for the same version is a conflict now that it exists; a new version of an existing
        // add-on is 202.
        given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.0", "console.log('changed');").toFile())
                .when().put("/api/v3/addons/{guid}/versions/1.0/", guid)
                .then().statusCode(409).body("error", equalTo("Version 1.0 already exists."));
        given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.1").toFile())
                .when().put("/api/v3/addons/{guid}/versions/1.1/", guid)
                .then().statusCode(202).body("version", equalTo("1.1"));
    }

    @Test
    void jsonBodiesEndWithANewline() throws Exception {
        String guid = "newline-" + UUID.randomUUID() + "@example.com";
        String created = given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{guid}/versions/1.0/", guid)
                .then().statusCode(201).header("Content-Length", notNullValue()).extract().asString();
        String error = given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .when().get("/api/v4/addons/nobody-{u}@example.com/versions/1.0/", UUID.randomUUID())
                .then().statusCode(404).extract().asString();
        for (String body : List.of(created, error)) {
            assertTrue(body.startsWith("{") && body.endsWith("}\n"), body);
        }
    }

    @Test
    void theSignedFileIsListedAndDownloadableByItsOwnerOnly() throws Exception {
        String guid = "signed-" + UUID.randomUUID() + "@example.com";
        String pk = given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .multiPart("upload", TestXpi.build(guid, "3.0").toFile())
                .when().put("/api/v4/addons/{guid}/versions/3.0/", guid)
                .then().statusCode(201).extract().path("pk");
        UploadJob job = awaitJob(pk);
        byte[] signedBytes = ("signed xpi for " + guid).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        BlobRef signed = blobs.putBytes("signed", signedBytes);
        publishResult(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5),
                new SignedFile(signed.key(), signed.sha256(), signed.size(), "xpi-dev"), Instant.now()));

        ValidatableResponse status = awaitStatus(guid, "3.0");
        status.body("files", hasSize(1)).body("files[0].signed", equalTo(true))
                .body("files[0].hash", equalTo("sha256:" + signed.sha256()))
                .body("active", equalTo(true)).body("reviewed", equalTo(true)).body("passed_review", equalTo(true));
        String url = status.extract().path("files[0].download_url");
        String path = java.net.URI.create(url).getPath();

        byte[] body = given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .when().get(path).then().statusCode(200)
                .header("Content-Type", equalTo("application/x-xpinstall"))
                .header("Content-Length", equalTo(String.valueOf(signedBytes.length)))
                .header("X-Target-Digest", equalTo("sha256:" + signed.sha256()))
                .header("Content-Disposition", startsWith("attachment; filename="))
                .extract().asByteArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(signedBytes, body);

        byte[] part = given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .header("Range", "bytes=7-9").when().get(path).then().statusCode(206)
                .header("Content-Range", equalTo("bytes 7-9/" + signedBytes.length))
                .extract().asByteArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOfRange(signedBytes, 7, 10), part);
        given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .header("Range", "bytes=9999-").when().get(path).then().statusCode(416);

        ApiKeyService.Credentials mallory = keys.createUserWithKey("mallory");
        given().header("Authorization", TestJwt.valid(mallory.jwtIssuer(), mallory.secret()))
                .when().get(path).then().statusCode(404);
        given().when().get(path).then().statusCode(401);
        given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .when().get("/api/v5/file/1/x.xpi").then().statusCode(404);
    }

    @Test
    void postWithoutAnIdTakesTheManifestIdOrMakesOne() throws Exception {
        String auth = TestJwt.valid(alice.jwtIssuer(), alice.secret());
        String guid = "post-" + UUID.randomUUID() + "@example.com";
        given().header("Authorization", auth).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .multiPart("version", "1.0")
                .when().post("/api/v4/addons/")
                .then().statusCode(201).body("guid", equalTo(guid)).body("version", equalTo("1.0"));
        given().header("Authorization", auth).multiPart("upload", TestXpi.buildWithoutId("2.5").toFile())
                .when().post("/api/v4/addons/")
                .then().statusCode(201).body("version", equalTo("2.5"))
                .body("guid", matchesPattern("\\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\}"));
        given().header("Authorization", auth).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .multiPart("version", "9.9")
                .when().post("/api/v4/addons/")
                .then().statusCode(400).body("error", equalTo("Version does not match the manifest file."));
    }

    @Test
    void uploadsAreThrottledPerUserWithoutUsingUpTheLongerWindows() throws Exception {
        String guid = "throttle-" + UUID.randomUUID() + "@example.com";
        // Windows are fixed and aligned to the minute: eleven uploads that straddle a minute's end would be
        // counted in two windows (and the eleventh accepted), so they start with time to spare in one.
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 40_000) {
            Thread.sleep(60_000 - intoMinute + 100);
        }
        for (int i = 0; i < 10; i++) {
            given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                    .multiPart("upload", TestXpi.build(guid, "1." + i).toFile())
                    .when().put("/api/v4/addons/{guid}/versions/1.{i}/", guid, i)
                    .then().statusCode(i == 0 ? 201 : 202);
        }
        given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.10").toFile())
                .when().put("/api/v4/addons/{guid}/versions/1.10/", guid)
                .then().statusCode(429).header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("detail", startsWith("Request was throttled. Expected available in "));
        // GETs are never throttled.
        given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .when().get("/api/v4/addons/{guid}/versions/1.0/", guid).then().statusCode(200);
        Number hourly = (Number) em.createNativeQuery("SELECT hits FROM throttle_window WHERE scope = 'user:100/3600s'"
                + " AND subject = ?1").setParameter(1, String.valueOf(alice.userId())).getSingleResult();
        assertEquals(10, hourly.intValue(), "the refused upload did not count against the hourly window");
    }

    @Test
    void aDuplicateResultChangesNothing() throws Exception {
        String guid = "dup-" + UUID.randomUUID() + "@example.com";
        String pk = given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .multiPart("upload", TestXpi.build(guid, "2.0").toFile())
                .when().put("/api/v4/addons/{guid}/versions/2.0/", guid)
                .then().statusCode(201).extract().path("pk");
        UploadJob job = awaitJob(pk);
        UploadResult invalid = new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), false,
                new ValidationReport(false, 1, 0, 0, Map.of(), List.of(), Map.of(), 1), null, Instant.now());
        UploadResult valid = new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5), null, Instant.now());
        publishResult(invalid);
        publishResult(valid);
        awaitStatus(guid, "2.0").body("processed", equalTo(true));
        Thread.sleep(1500);
        given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .when().get("/api/v4/addons/{guid}/versions/2.0/uploads/{pk}/", guid, pk)
                .then().statusCode(200).body("valid", equalTo(false)).body("validation_results.errors", equalTo(1));
    }

    @Test
    void anotherDevelopersAddonIsForbidden() throws Exception {
        String guid = "owned-" + UUID.randomUUID() + "@example.com";
        given().header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{guid}/versions/1.0/", guid).then().statusCode(201);
        ApiKeyService.Credentials bob = keys.createUserWithKey("bob");
        given().header("Authorization", TestJwt.valid(bob.jwtIssuer(), bob.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.1").toFile())
                .when().put("/api/v4/addons/{guid}/versions/1.1/", guid)
                .then().statusCode(403).body("error", equalTo("You do not own this add-on."));
        given().header("Authorization", TestJwt.valid(bob.jwtIssuer(), bob.secret()))
                .when().get("/api/v4/addons/{guid}/versions/1.0/", guid)
                .then().statusCode(403).body("error", equalTo("You do not own this add-on."));
    }

    @Test
    void badRequestsGetClearJsonErrors() throws Exception {
        String auth = TestJwt.valid(alice.jwtIssuer(), alice.secret());
        given().header("Authorization", auth).multiPart("channel", "listed")
                .when().put("/api/v4/addons/x@example.com/versions/1.0/")
                .then().statusCode(400).body("error", equalTo("Missing \"upload\" key in multipart file data."));
        given().header("Authorization", auth).multiPart("upload", TestXpi.build("x@example.com", "1.1").toFile())
                .when().put("/api/v4/addons/x@example.com/versions/1.0/")
                .then().statusCode(400).body("error", equalTo("Version does not match the manifest file."));
        given().header("Authorization", auth).multiPart("upload", TestXpi.build("y@example.com", "1.0").toFile())
                .when().put("/api/v4/addons/x@example.com/versions/1.0/")
                .then().statusCode(400).body("error", equalTo("The add-on ID in your manifest.json (y@example.com)"
                        + " does not match the ID of your add-on on AMO (x@example.com)"));
        Path notAZip = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("junk", ".xpi"), "junk");
        given().header("Authorization", auth).multiPart("upload", notAZip.toFile())
                .when().put("/api/v4/addons/x@example.com/versions/1.0/")
                .then().statusCode(400).body("error", startsWith("Unsupported file type"));
        given().header("Authorization", auth).multiPart("upload", TestXpi.build("a@b", "1.0").toFile())
                .when().put("/api/v4/addons/not an id/versions/1.0/")
                .then().statusCode(400).body("error", equalTo("Invalid Add-on ID in URL or package"));
        given().header("Authorization", auth).multiPart("upload", TestXpi.build("a@b", "1.0").toFile())
                .when().put("/api/v4/addons/{guid}/versions/1.0/", "a".repeat(60) + "@example.com")
                .then().statusCode(400).body("error", startsWith("Please specify your Add-on ID in the manifest"));
        given().header("Authorization", auth).multiPart("upload", TestXpi.build("a@b", "1.0").toFile())
                .when().put("/api/v4/addons/a@b/versions/{v}/", "1.0/../x")
                .then().statusCode(400).body("error", startsWith("Version numbers should only contain"));
        given().header("Authorization", auth)
                .when().get("/api/v4/addons/nobody-{u}@example.com/versions/1.0/", UUID.randomUUID())
                .then().statusCode(404).body("error", startsWith("Could not find Add-on with ID"));
        given().header("Authorization", auth).when().delete("/api/v4/addons/a@b/versions/1.0/")
                .then().statusCode(405).header("Content-Type", equalTo("application/json"));
        given().when().get("/api/v4/nothing-here/").then().statusCode(404).body("detail", equalTo("Not found."));
    }

    @Test
    void jwtRejectionsAre401WithAReason() {
        long now = System.currentTimeMillis() / 1000;
        String iss = alice.jwtIssuer();
        String secret = alice.secret();
        expect401(null, "Authentication credentials were not provided.");
        expect401("JWT", "Invalid Authorization header. No credentials provided.");
        expect401("JWT a b", "Invalid Authorization header. Credentials string should not contain spaces.");
        expect401("JWT " + TestJwt.token(iss, "wrong-secret-wrong-secret-wrong-secret!!", now, now + 60, null),
                "Error decoding signature.");
        expect401("JWT " + TestJwt.token("user:999999:1", secret, now, now + 60, null), "Unknown JWT iss (issuer).");
        expect401("JWT " + TestJwt.token(null, secret, now, now + 60, null), "JWT iss (issuer) claim is missing.");
        expect401("JWT " + TestJwt.token(iss, secret, now - 400, now - 100, null), "Signature has expired.");
        expect401("JWT " + TestJwt.token(iss, secret, now, now + 3600, null), "JWT exp (expiration) is too long.");
        expect401("JWT " + TestJwt.token(iss, secret, now + 120, now + 300, null),
                "JWT iat (issued at time) is invalid. Make sure your system clock is synchronized.");
        expect401("JWT " + TestJwt.sign("{\"iss\":\"" + iss + "\",\"iat\":" + now + "}", secret, "HS256"),
                "Invalid JWT: Token is missing the \"exp\" claim.");
        expect401("JWT " + TestJwt.sign("{\"iss\":\"" + iss + "\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}",
                secret, "HS512"), "Error decoding signature.");
        String unsignedNone = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("{\"iss\":\"" + iss + "\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}").getBytes())
                + ".";
        expect401("JWT " + unsignedNone, "Error decoding signature.");

        String withJti = "JWT " + TestJwt.token(iss, secret, now, now + 60, UUID.randomUUID().toString());
        given().header("Authorization", withJti).when().get("/api/v4/addons/nobody@example.com/versions/1.0/")
                .then().statusCode(404);
        expect401(withJti, "JWT jti (token id) has already been used.");
        // Header prefix is case-insensitive, as AMO's.
        given().header("Authorization", "jwt " + TestJwt.token(iss, secret, now, now + 300, null))
                .when().get("/api/v4/addons/nobody@example.com/versions/1.0/").then().statusCode(404);
    }

    private void expect401(String authorization, String detail) {
        var request = given();
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        request.when().get("/api/v4/addons/x@example.com/versions/1.0/")
                .then().statusCode(401).body("detail", equalTo(detail))
                .header("WWW-Authenticate", startsWith("JWT realm="));
    }

    private ValidatableResponse awaitStatus(String guid, String version) throws InterruptedException {
        return TestPolling.awaitProcessed(alice, guid, version);
    }

    private UploadJob awaitJob(String pk) throws Exception {
        return new TestWorker(json).awaitJob(pk);
    }

    private void publishResult(UploadResult result) throws Exception {
        new TestWorker(json).publish(result);
    }
}
