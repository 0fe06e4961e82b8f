package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.SignedFile;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationMessage;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v5 submission API against the real PostgreSQL and Kafka; the worker's side is played by the test. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class V5SubmissionApiIT {

    private static final String LISTED_METADATA = """
            {"name": {"en-US": "Listed one"}, "summary": {"en-US": "Does a thing"},
             "categories": {"firefox": ["other"]}, "version": {"upload": "%s", "license": "MPL-2.0"}}""";

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    @Inject
    BlobStore blobs;

    ApiKeyService.Credentials alice;
    ApiKeyService.Credentials bob;

    @BeforeEach
    void developers() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        alice = keys.createUserWithKey("alice");
        bob = keys.createUserWithKey("bob");
    }

    @Test
    void anUnlistedAddOnGoesFromUploadToASignedDownload() throws Exception {
        String guid = "v5-" + UUID.randomUUID() + "@example.com";
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path xpi = TestXpi.withManifest("""
                {"manifest_version": 2, "name": "Wönder Tool %s", "version": "1.0", "permissions": ["storage"],
                 "browser_specific_settings": {"gecko": {"id": "%s"}}}""".formatted(tag, guid));
        String uuid = as(alice).multiPart("upload", xpi.toFile())
                .multiPart("channel", "unlisted")
                .when().post("/api/v5/addons/upload/")
                .then().statusCode(201).header("Content-Type", startsWith("application/json"))
                .body("uuid", matchesPattern("[0-9a-f]{32}")).body("channel", equalTo("unlisted"))
                .body("processed", equalTo(false)).body("submitted", equalTo(false))
                .body("valid", equalTo(false)).body("validation", nullValue()).body("version", equalTo("1.0"))
                .body("url", matchesPattern("http://.*/api/v5/addons/upload/[0-9a-f]{32}/"))
                .extract().path("uuid");
        // Until validated, no version can be made of it, and the refusal leaves it usable.
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + uuid + "\"}}")
                .when().post("/api/v5/addons/addon/")
                .then().statusCode(400).body("version.upload[0]", containsString("still being validated"));

        BlobRef signed = sign(uuid, guid);
        as(alice).when().get("/api/v5/addons/upload/{uuid}/", uuid).then().statusCode(200)
                .body("processed", equalTo(true)).body("valid", equalTo(true))
                .body("validation.errors", equalTo(0)).body("submitted", equalTo(false));

        ValidatableResponse created = as(alice).contentType("application/json")
                .body("{\"version\": {\"upload\": \"" + uuid + "\", \"release_notes\": {\"en-US\": \"First\"}}}")
                .when().post("/api/v5/addons/addon/")
                .then().statusCode(201).body("guid", equalTo(guid)).body("id", notNullValue())
                .body("slug", equalTo("wonder-tool-" + tag)).body("name.en-US", equalTo("Wönder Tool " + tag))
                .body("status", equalTo("incomplete")).body("current_version", nullValue())
                .body("version.version", equalTo("1.0")).body("version.channel", equalTo("unlisted"))
                .body("version.release_notes.en-US", equalTo("First"))
                .body("version.file.status", equalTo("public"))
                .body("version.file.hash", equalTo("sha256:" + signed.sha256()))
                .body("version.file.permissions", hasItem("storage"))
                .body("version.edit_url", startsWith("http"));
        long versionId = ((Number) created.extract().path("version.id")).longValue();
        String fileUrl = created.extract().path("version.file.url");
        as(alice).when().get("/api/v5/addons/upload/{uuid}/", uuid).then().body("submitted", equalTo(true));

        byte[] body = as(alice).when().get(URI.create(fileUrl).getPath()).then().statusCode(200)
                .header("Content-Type", equalTo("application/x-xpinstall")).extract().asByteArray();
        assertArrayEquals(("signed " + guid).getBytes(StandardCharsets.UTF_8), body);

        // The same version, by id, by v<number>, by slug and guid; bob sees none of it.
        for (String ref : List.of(guid, "wonder-tool-" + tag, created.extract().path("id").toString())) {
            as(alice).when().get("/api/v5/addons/addon/{ref}/versions/{v}/", ref, versionId).then().statusCode(200)
                    .body("version", equalTo("1.0")).body("file.url", equalTo(fileUrl));
        }
        as(alice).when().get("/api/v5/addons/addon/{g}/versions/v1.0/", guid).then().statusCode(200)
                .body("id", equalTo((int) versionId));
        as(alice).when().get("/api/v5/addons/addon/{g}/versions/v9.9/", guid).then().statusCode(404)
                .body("detail", equalTo("Not found."));
        as(bob).when().get("/api/v5/addons/addon/{g}/", guid).then().statusCode(403)
                .body("detail", containsString("permission"));
        as(bob).when().get("/api/v5/addons/upload/{uuid}/", uuid).then().statusCode(404);
        as(bob).when().get(URI.create(fileUrl).getPath()).then().statusCode(404);
        // An upload makes one version.
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + uuid + "\"}}")
                .when().put("/api/v5/addons/addon/{g}/", guid)
                .then().statusCode(400).body("version.upload[0]", containsString("already been submitted"));
    }

    @Test
    void aNewVersionByPutAndItsSourceAndDuplicates() throws Exception {
        String guid = "v5put-" + UUID.randomUUID() + "@example.com";
        String first = upload(alice, TestXpi.build(guid, "1.0"), "unlisted");
        sign(first, guid);
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + first + "\"}}")
                .when().put("/api/v5/addons/addon/{g}/", guid).then().statusCode(201).body("guid", equalTo(guid));

        String second = upload(alice, TestXpi.build(guid, "1.1"), "unlisted");
        sign(second, guid);
        long versionId = ((Number) as(alice).contentType("application/json")
                .body("{\"version\": {\"upload\": \"" + second + "\"}}")
                .when().put("/api/v5/addons/addon/{g}/", guid).then().statusCode(200)
                .body("version.version", equalTo("1.1")).extract().path("version.id")).longValue();

        // The source archive; sending it again replaces it (a retried PATCH is harmless).
        for (String content : List.of("first try", "second try")) {
            as(alice).multiPart("source", zip("src.zip", content).toFile())
                    .when().patch("/api/v5/addons/addon/{g}/versions/{v}/", guid, versionId)
                    .then().statusCode(200).body("source", endsWith("/versions/" + versionId + "/source/"));
        }
        as(alice).contentType("application/json")
                .body("{\"release_notes\": \"Fixed it\", \"license\": \"MIT\", \"compatibility\": [\"firefox\"]}")
                .when().patch("/api/v5/addons/addon/{g}/versions/v1.1/", guid).then().statusCode(200)
                .body("release_notes.en-US", equalTo("Fixed it")).body("license.slug", equalTo("MIT"))
                .body("compatibility.firefox", notNullValue()).body("id", equalTo((int) versionId));
        as(alice).contentType("application/json").body("{\"compatibility\": [\"thunderbird\"]}")
                .when().patch("/api/v5/addons/addon/{g}/versions/v1.1/", guid).then().statusCode(400)
                .body("compatibility[0]", containsString("thunderbird"));
        as(alice).when().get("/api/v5/addons/addon/{g}/", guid).then().statusCode(200)
                .body("guid", equalTo(guid)).body("status", equalTo("incomplete"))
                .body("latest_unlisted_version.version", equalTo("1.1")).body("version", nullValue());
        byte[] source = as(alice).when().get("/api/v5/addons/addon/{g}/versions/{v}/source/", guid, versionId)
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(Files.readAllBytes(zip("src.zip", "second try")), source);
        as(alice).multiPart("source", zip("src.exe", "x").toFile())
                .when().patch("/api/v5/addons/addon/{g}/versions/{v}/", guid, versionId)
                .then().statusCode(400).body("source[0]", containsString("Unsupported file type"));

        // Another file for an existing version: 409 with DRF's field dict; the upload stays usable elsewhere.
        String dup = upload(alice, TestXpi.build(guid, "1.1", "console.log('other');"), "unlisted");
        sign(dup, guid);
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + dup + "\"}}")
                .when().put("/api/v5/addons/addon/{g}/", guid)
                .then().statusCode(409).body("version[0]", equalTo("Version 1.1 already exists."));
        as(alice).when().get("/api/v5/addons/upload/{u}/", dup).then().body("submitted", equalTo(false));

        // Versions list newest first; deleting one hides it, stops its download, and keeps its number taken.
        as(alice).when().get("/api/v5/addons/addon/{g}/versions/", guid).then().statusCode(200)
                .body("count", equalTo(2)).body("results.version", equalTo(List.of("1.1", "1.0")))
                .body("next", nullValue()).body("previous", nullValue());
        as(alice).when().get("/api/v5/addons/addon/{g}/versions/?page_size=1", guid).then().statusCode(200)
                .body("results", hasSize(1)).body("next", containsString("page=2"));
        as(bob).when().delete("/api/v5/addons/addon/{g}/versions/{v}/", guid, versionId).then().statusCode(403);
        as(alice).when().delete("/api/v5/addons/addon/{g}/versions/{v}/", guid, versionId).then().statusCode(204);
        as(alice).when().get("/api/v5/addons/addon/{g}/versions/{v}/", guid, versionId).then().statusCode(404);
        as(alice).when().get("/api/v5/addons/addon/{g}/versions/", guid).then().body("count", equalTo(1));
        as(alice).when().get("/api/v5/file/{v}/x.xpi", versionId).then().statusCode(404);
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + dup + "\"}}")
                .when().put("/api/v5/addons/addon/{g}/", guid)
                .then().statusCode(409).body("version[0]", equalTo("Version 1.1 was uploaded before and deleted."));
    }

    @Test
    void listedSubmissionsNeedTheirMetadataAndWaitForReview() throws Exception {
        String guid = "v5listed-" + UUID.randomUUID() + "@example.com";
        String uuid = upload(alice, TestXpi.build(guid, "2.0"), "listed");
        sign(uuid, guid);
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + uuid + "\"}}")
                .when().post("/api/v5/addons/addon/").then().statusCode(400)
                .body("summary[0]", equalTo("This field is required for add-ons with listed versions."));
        as(alice).contentType("application/json").body("{\"summary\": \"s\", \"categories\": [\"other\"],"
                + " \"version\": {\"upload\": \"" + uuid + "\"}}")
                .when().post("/api/v5/addons/addon/").then().statusCode(400)
                .body("version.license[0]", equalTo("This field is required for add-ons with listed versions."));
        as(alice).contentType("application/json").body("{\"summary\": \"s\", \"categories\": {\"firefox\": 3},"
                + " \"version\": {\"upload\": \"" + uuid + "\", \"license\": \"MPL-2.0\"}}")
                .when().post("/api/v5/addons/addon/").then().statusCode(400).body("categories[0]", notNullValue());
        as(alice).contentType("application/json").body("[1, 2]").when().post("/api/v5/addons/addon/")
                .then().statusCode(400).body("non_field_errors[0]", containsString("Expected a dictionary"));
        as(alice).contentType("application/json").body("{\"version\": ").when().post("/api/v5/addons/addon/")
                .then().statusCode(400).body("detail", notNullValue());

        // Every refusal left the upload usable.
        as(alice).contentType("application/json").body(LISTED_METADATA.formatted(uuid))
                .when().post("/api/v5/addons/addon/").then().statusCode(201)
                .body("name.en-US", equalTo("Listed one")).body("summary.en-US", equalTo("Does a thing"))
                .body("categories.firefox", equalTo(List.of("other"))).body("status", equalTo("nominated"))
                .body("version.license.slug", equalTo("MPL-2.0"))
                .body("version.file.status", equalTo("unreviewed")).body("version.reviewed", nullValue());
        as(alice).contentType("application/json").body("{\"summary\": {\"en-US\": \"Better\"}}")
                .when().patch("/api/v5/addons/addon/{g}/", guid).then().statusCode(200)
                .body("summary.en-US", equalTo("Better")).body("name.en-US", equalTo("Listed one"));
    }

    @Test
    void v4AndV5SeeTheSameAddOnsAndVersions() throws Exception {
        String guid = "cross-" + UUID.randomUUID() + "@example.com";
        String pk = as(alice).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201).extract().path("pk");
        sign(pk, guid);
        TestPolling.awaitProcessed(alice, guid, "1.0");
        as(alice).when().get("/api/v5/addons/addon/{g}/versions/", guid).then().statusCode(200)
                .body("results.version", equalTo(List.of("1.0")))
                .body("results[0].file.status", equalTo("public"));
        // A v4 upload already made its version: v5 cannot make another from it.
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + pk + "\"}}")
                .when().put("/api/v5/addons/addon/{g}/", guid).then().statusCode(400)
                .body("version.upload[0]", containsString("already been submitted"));

        String uuid = upload(alice, TestXpi.build(guid, "2.0"), "unlisted");
        sign(uuid, guid);
        as(alice).contentType("application/json").body("{\"upload\": \"" + uuid + "\"}")
                .when().post("/api/v5/addons/addon/{g}/versions/", guid).then().statusCode(201)
                .body("version", equalTo("2.0"));
        TestPolling.awaitProcessed(alice, guid, "2.0").body("files", hasSize(1))
                .body("files[0].hash", startsWith("sha256:")).body("guid", equalTo(guid));
        // And the v4 API refuses the number v5 took.
        as(alice).multiPart("upload", TestXpi.build(guid, "2.0", "console.log('v4');").toFile())
                .when().put("/api/v4/addons/{g}/versions/2.0/", guid).then().statusCode(409);
    }

    @Test
    void aManifestWithoutAnIdGetsOneAndItsNextVersionIsSignedForIt() throws Exception {
        String first = upload(alice, TestXpi.buildWithoutId("1.0"), "unlisted");
        UploadJob job = new TestWorker(json).awaitJob(first);
        assertTrue(job.addonGuid().matches("\\{[0-9a-f-]{36}\\}"), job.addonGuid());
        publishSigned(job);
        awaitProcessed(first);
        String guid = as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + first + "\"}}")
                .when().post("/api/v5/addons/addon/").then().statusCode(201).extract().path("guid");
        assertEquals(job.addonGuid(), guid);

        // web-ext's next version: PUT under the id it saved, with a manifest that still has none. The file was
        // signed for another made-up id, so it is signed again for this one before the version is public.
        String second = upload(alice, TestXpi.buildWithoutId("1.1"), "unlisted");
        UploadJob secondJob = new TestWorker(json).awaitJob(second);
        publishSigned(secondJob);
        awaitProcessed(second);
        // Braces arrive percent-encoded, as web-ext sends them.
        String encoded = guid.replace("{", "%7B").replace("}", "%7D");
        ValidatableResponse put = as(alice).urlEncodingEnabled(false).contentType("application/json")
                .body("{\"version\": {\"upload\": \"" + second + "\"}}")
                .when().put("/api/v5/addons/addon/" + encoded + "/").then().statusCode(200)
                .body("version.file.status", equalTo("unreviewed")).body("version.file.url", nullValue());
        long versionId = ((Number) put.extract().path("version.id")).longValue();
        UploadJob again = awaitJobFor(guid, "1.1");
        assertNotEquals(secondJob.uploadId(), again.uploadId());
        assertEquals(guid, again.addonGuid());
        publishSigned(again);
        long deadline = System.nanoTime() + 30_000_000_000L;
        String status = "";
        while (!status.equals("public") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = as(alice).urlEncodingEnabled(false).when()
                    .get("/api/v5/addons/addon/" + encoded + "/versions/" + versionId + "/").then()
                    .statusCode(200).extract().path("file.status");
        }
        assertEquals("public", status);
    }

    @Test
    void badRequestsGetClearFieldErrors() throws Exception {
        String guid = "bad-" + UUID.randomUUID() + "@example.com";
        as(alice).multiPart("upload", "addon.exe", Files.readAllBytes(TestXpi.build(guid, "1.0")))
                .multiPart("channel", "unlisted").when().post("/api/v5/addons/upload/")
                .then().statusCode(400).body("upload[0]", containsString("Unsupported file type"));
        as(alice).multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().post("/api/v5/addons/upload/")
                .then().statusCode(400).body("channel[0]", equalTo("This field is required."));
        as(alice).multiPart("upload", TestXpi.build(guid, "1.0").toFile()).multiPart("channel", "public")
                .when().post("/api/v5/addons/upload/")
                .then().statusCode(400).body("channel[0]", containsString("not a valid choice"));
        as(alice).multiPart("upload", TestXpi.withManifest("{not json").toFile()).multiPart("channel", "unlisted")
                .when().post("/api/v5/addons/upload/")
                .then().statusCode(400).body("upload[0]", containsString("manifest"));
        as(alice).multiPart("channel", "unlisted").when().post("/api/v5/addons/upload/")
                .then().statusCode(400);
        given().multiPart("upload", TestXpi.build(guid, "1.0").toFile()).multiPart("channel", "unlisted")
                .when().post("/api/v5/addons/upload/")
                .then().statusCode(401).body("detail", notNullValue());
        given().header("Authorization", "JWT " + TestJwt.token(alice.jwtIssuer(), "wrong", now(), now() + 300, null))
                .when().get("/api/v5/addons/upload/").then().statusCode(401).body("detail", notNullValue());
        as(alice).when().get("/api/v5/addons/upload/{u}/", "not-a-uuid").then().statusCode(404);
        as(alice).when().get("/api/v5/addons/addon/{g}/", "nobody-" + UUID.randomUUID() + "@example.com")
                .then().statusCode(404).body("detail", equalTo("Not found."));
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + UUID.randomUUID() + "\"}}")
                .when().post("/api/v5/addons/addon/").then().statusCode(400)
                .body("version.upload[0]", containsString("does not exist"));
        as(alice).contentType("application/json").body("{}")
                .when().put("/api/v5/addons/addon/{g}/", "not a guid").then().statusCode(400)
                .body("guid[0]", notNullValue());
        as(alice).when().get("/api/v5/addons/upload/?page=99").then().statusCode(404)
                .body("detail", equalTo("Invalid page."));

        // The URL's id must be the manifest's.
        String uuid = upload(alice, TestXpi.build(guid, "1.0"), "unlisted");
        sign(uuid, guid);
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + uuid + "\"}}")
                .when().put("/api/v5/addons/addon/{g}/", "other-" + UUID.randomUUID() + "@example.com")
                .then().statusCode(400).body("guid[0]", containsString("does not match"));
        // An invalid upload makes no version.
        String invalid = upload(alice, TestXpi.build("inv-" + UUID.randomUUID() + "@example.com", "1.0"), "unlisted");
        UploadJob job = new TestWorker(json).awaitJob(invalid);
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), false,
                new ValidationReport(false, 1, 0, 0, Map.of("errors", 1, "warnings", 0, "notices", 0),
                        List.of(new ValidationMessage("m1", "error", List.of("JSON_INVALID"), 1,
                                "Your JSON is not valid.", "", "manifest.json", null, null)),
                        Map.of(), 5),
                null, Instant.now()));
        awaitProcessed(invalid);
        as(alice).when().get("/api/v5/addons/upload/{u}/", invalid).then().body("valid", equalTo(false))
                .body("validation.messages[0].id", hasItem("JSON_INVALID"));
        as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + invalid + "\"}}")
                .when().post("/api/v5/addons/addon/").then().statusCode(400)
                .body("version.upload[0]", containsString("did not pass validation"));
    }

    @Test
    void parallelSubmissionsMakeOneVersion() throws Exception {
        String guid = "race-" + UUID.randomUUID() + "@example.com";
        String one = upload(alice, TestXpi.build(guid, "1.0"), "unlisted");
        String other = upload(alice, TestXpi.build(guid, "1.0", "console.log('other');"), "unlisted");
        sign(one, guid);
        sign(other, guid);
        // The same upload twice and another file of the same version, all at once, by PUT and by POST.
        List<java.util.concurrent.Callable<Integer>> attempts = List.of(
                () -> putVersion(guid, one), () -> putVersion(guid, one), () -> putVersion(guid, other),
                () -> as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + other
                        + "\"}}").when().post("/api/v5/addons/addon/").then().extract().statusCode());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(attempts.size());
        List<Integer> statuses = new java.util.ArrayList<>();
        try {
            for (var f : pool.invokeAll(attempts)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, statuses.stream().filter(st -> st == 201).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(st -> st == 201 || st == 400 || st == 409), statuses.toString());
        as(alice).when().get("/api/v5/addons/addon/{g}/versions/", guid).then().body("count", equalTo(1));
    }

    private int putVersion(String guid, String uuid) {
        return as(alice).contentType("application/json").body("{\"version\": {\"upload\": \"" + uuid + "\"}}")
                .when().put("/api/v5/addons/addon/{g}/", guid).then().extract().statusCode();
    }

    @Test
    void jsonBodiesAreCappedAnnouncedOrStreamed() throws Exception {
        String big = "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        as(alice).contentType("application/json").body(big).when().post("/api/v5/addons/addon/")
                .then().statusCode(413).body("error", containsString("1024 KiB"));
        // Chunked, with no length to refuse up front: cut off while it streams, never parsed whole.
        var request = java.net.http.HttpRequest.newBuilder(
                URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + "/api/v5/addons/addon/"))
                .header("Authorization", TestJwt.valid(alice.jwtIssuer(), alice.secret()))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build();
        // HTTP/1.1: the JDK client's default h2c upgrade turns the server's early answer into a GOAWAY when the
        // machine is busy, which says nothing about the cap.
        var response = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
    }

    @Test
    void uploadsAreListedForTheirOwnerAndWebExtTokensAreAccepted() throws Exception {
        String uuid = upload(alice, TestXpi.build("list-" + UUID.randomUUID() + "@example.com", "1.0"), "unlisted");
        as(alice).when().get("/api/v5/addons/upload/").then().statusCode(200)
                .body("results.uuid", hasItem(uuid)).body("count", notNullValue());
        as(bob).when().get("/api/v5/addons/upload/").then().statusCode(200)
                .body("results.uuid", not(hasItem(uuid)));
        // jose's iat and exp are two clock reads: 301 s apart when they straddle a second.
        long now = now();
        given().header("Authorization", "JWT " + TestJwt.token(alice.jwtIssuer(), alice.secret(), now, now + 301,
                null)).when().get("/api/v5/addons/upload/{u}/", uuid).then().statusCode(200);
    }

    private RequestSpecification as(ApiKeyService.Credentials who) {
        return given().header("Authorization", TestJwt.valid(who.jwtIssuer(), who.secret()));
    }

    private String upload(ApiKeyService.Credentials who, Path xpi, String channel) {
        return as(who).multiPart("upload", xpi.toFile(), "application/x-xpinstall").multiPart("channel", channel)
                .when().post("/api/v5/addons/upload/").then().statusCode(201).extract().path("uuid");
    }

    /** Plays the worker: the upload is valid and signed; returns when the API shows it processed. */
    private BlobRef sign(String uuid, String guid) throws Exception {
        UploadJob job = new TestWorker(json).awaitJob(uuid);
        assertEquals(guid, job.addonGuid());
        BlobRef signed = publishSigned(job);
        awaitProcessed(uuid);
        return signed;
    }

    private BlobRef publishSigned(UploadJob job) throws Exception {
        BlobRef signed = blobs.putBytes("signed", ("signed " + job.addonGuid()).getBytes(StandardCharsets.UTF_8));
        new TestWorker(json).publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of("errors", 0, "warnings", 0, "notices", 0), List.of(),
                        Map.of(), 5),
                new SignedFile(signed.key(), signed.sha256(), signed.size(), "xpi-dev"), Instant.now()));
        return signed;
    }

    private void awaitProcessed(String uuid) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean processed = as(alice).when().get("/api/v5/addons/upload/{u}/", uuid).then().statusCode(200)
                    .extract().path("processed");
            if (processed) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("upload " + uuid + " was not processed");
    }

    /** The job of the upload queued again for {@code guid}: found by its guid and version. */
    private UploadJob awaitJobFor(String guid, String version) throws Exception {
        return new TestWorker(json).awaitJob(j -> j.addonGuid().equals(guid) && j.version().equals(version),
                guid + " " + version);
    }

    private static Path zip(String name, String content) throws Exception {
        Path dir = Files.createTempDirectory("src");
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            ZipEntry entry = new ZipEntry("README.txt");
            entry.setTime(0);
            zip.putNextEntry(entry);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
