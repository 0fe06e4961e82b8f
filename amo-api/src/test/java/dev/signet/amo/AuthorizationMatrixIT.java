package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.SignedFile;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Every amo-api route against every kind of caller: the status code of each cell, as AMO answers. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class AuthorizationMatrixIT {

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    @Inject
    BlobStore blobs;

    private final AtomicInteger versions = new AtomicInteger();

    /** A route, called with one caller's Authorization header (null: none). */
    private record Route(String name, BiFunction<RequestSpecification, Fixture, Integer> call) {
    }

    /** One owner's signed add-on version and the URLs that reach it. */
    private record Fixture(String guid, String pk, String filePath, String pagePath) {
    }

    private final List<Route> routes = List.of(
            new Route("PUT version", (r, f) -> upload(r, f.guid(), "2." + versions.incrementAndGet())),
            new Route("POST addons", (r, f) -> post(r, f.guid(), "3." + versions.incrementAndGet())),
            new Route("GET version", (r, f) -> r.get("/api/v4/addons/{g}/versions/1.0/", f.guid()).statusCode()),
            new Route("GET upload", (r, f) -> r.get("/api/v3/addons/{g}/versions/1.0/uploads/{pk}/", f.guid(), f.pk())
                    .statusCode()),
            new Route("GET file", (r, f) -> r.get(f.filePath()).statusCode()),
            new Route("GET validation page", (r, f) -> r.get(f.pagePath()).statusCode()),
            new Route("POST admin users", (r, f) -> r.contentType("application/json").body("{\"name\": \"x\"}")
                    .post("/admin/users").statusCode()));

    //                                     owner other none revoked
    private static final Map<String, int[]> EXPECTED = Map.of(
            "PUT version", new int[] {202, 403, 401, 401},
            "POST addons", new int[] {201, 403, 401, 401},
            "GET version", new int[] {200, 403, 401, 401},
            "GET upload", new int[] {200, 403, 401, 401},
            // someone else's file is 404, not 403, as on AMO
            "GET file", new int[] {200, 404, 401, 401},
            // the unguessable URL is the permission (browsers send no JWT): same answer for everyone
            "GET validation page", new int[] {200, 200, 200, 200},
            // the admin API takes its bearer token, never a developer's JWT
            "POST admin users", new int[] {401, 401, 401, 401});

    @Test
    void eachRouteAnswersEachCallerAsAmoDoes() throws Exception {
        ApiKeyService.Credentials owner = keys.createUserWithKey("matrix-owner");
        ApiKeyService.Credentials other = keys.createUserWithKey("matrix-other");
        ApiKeyService.Credentials revoked = keys.createUserWithKey("matrix-revoked");
        keys.revoke(revoked.jwtIssuer());
        Fixture fixture = signedVersion(owner);
        List<ApiKeyService.Credentials> callers = new ArrayList<>();
        callers.add(owner);
        callers.add(other);
        callers.add(null);
        callers.add(revoked);

        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            int[] expected = EXPECTED.get(route.name());
            for (int i = 0; i < callers.size(); i++) {
                ApiKeyService.Credentials caller = callers.get(i);
                RequestSpecification request = given();
                if (caller != null) {
                    request.header("Authorization", TestJwt.valid(caller.jwtIssuer(), caller.secret()));
                }
                int status = route.call().apply(request.when(), fixture);
                if (status != expected[i]) {
                    wrong.add(route.name() + " as " + List.of("owner", "other", "none", "revoked").get(i) + ": "
                            + status + " instead of " + expected[i]);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private Fixture signedVersion(ApiKeyService.Credentials owner) throws Exception {
        String guid = "matrix-" + UUID.randomUUID() + "@example.com";
        var accepted = given().header("Authorization", TestJwt.valid(owner.jwtIssuer(), owner.secret()))
                .multiPart("upload", TestXpi.build(guid, "1.0").toFile())
                .when().put("/api/v4/addons/{g}/versions/1.0/", guid).then().statusCode(201).extract();
        String pk = accepted.path("pk");
        TestWorker worker = new TestWorker(json);
        String uploadId = worker.awaitJob(pk).uploadId();
        BlobRef signed = blobs.putBytes("signed", ("signed " + guid).getBytes());
        worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, uploadId, true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5),
                new SignedFile(signed.key(), signed.sha256(), signed.size(), "xpi-dev"), Instant.now()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String download = null;
        while (download == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            download = given().header("Authorization", TestJwt.valid(owner.jwtIssuer(), owner.secret()))
                    .when().get("/api/v4/addons/{g}/versions/1.0/", guid).then().extract().path("files[0].download_url");
        }
        return new Fixture(guid, pk, URI.create(download).getPath(),
                URI.create(accepted.<String>path("validation_url")).getPath());
    }

    private static int upload(RequestSpecification request, String guid, String version) {
        try {
            return request.multiPart("upload", TestXpi.build(guid, version).toFile())
                    .put("/api/v4/addons/{g}/versions/{v}/", guid, version).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int post(RequestSpecification request, String guid, String version) {
        try {
            return request.multiPart("upload", TestXpi.build(guid, version).toFile()).post("/api/v4/addons/")
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
