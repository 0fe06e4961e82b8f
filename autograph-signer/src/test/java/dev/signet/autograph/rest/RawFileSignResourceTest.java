package dev.signet.autograph.rest;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.signer.xpi.ManifestCheck;
import dev.signet.autograph.signer.xpi.XpiFixtures;
import dev.signet.hawk.HawkClient;
import dev.signet.model.signer.RawFileApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /sign/file/raw}: the XPI itself as the body, the signed XPI as the answer, verified by jarsigner and by
 * the PKCS#7 check of {@link XpiSignResourceTest}; idempotent replays; and its errors, which are JSON as on
 * {@code /sign/file}.
 */
@QuarkusTest
@WithTestResource(XpiSignResourceTest.Resource.class)
class RawFileSignResourceTest {

    private static final String OPTIONS = "{\"id\":\"raw@example.org\",\"pkcs7_digest\":\"SHA256\","
            + "\"cose_algorithms\":[\"ES256\"]}";

    @BeforeAll
    static void setUp() {
        HawkRequests.configure();
    }

    static String path(String keyid, String options) {
        return RawFileApi.PATH + "?keyid=" + keyid + "&options=" + URLEncoder.encode(options, StandardCharsets.UTF_8);
    }

    static RequestSpecification raw(String path, byte[] body) {
        return RestAssured.given().urlEncodingEnabled(false)
                .header("Authorization", HawkClient.header(XpiSignResourceTest.DAVE, "POST", HawkRequests.uri(path),
                        RawFileApi.CONTENT_TYPE, body))
                .contentType(RawFileApi.CONTENT_TYPE).body(body);
    }

    @Test
    void aSmallXpiComesBackSignedWithItsFieldsInHeaders(@TempDir Path tmp) throws Exception {
        String path = path(XpiSignResourceTest.XPI, OPTIONS);
        Response r = raw(path, XpiFixtures.addon(Map.of())).post(path);
        r.then().statusCode(201).contentType(RawFileApi.CONTENT_TYPE)
                .header(RawFileApi.TYPE, "xpi").header(RawFileApi.MODE, "add-on")
                .header(RawFileApi.SIGNER_ID, XpiSignResourceTest.XPI);
        byte[] signed = r.asByteArray();
        assertEquals(Long.toString(signed.length), r.header("Content-Length"));
        assertTrue(r.header(RawFileApi.REF).length() > 10, r.header(RawFileApi.REF));
        Map<String, byte[]> files = XpiFixtures.unzip(signed);
        ManifestCheck.assertDigestsMatch(files, files.get("META-INF/manifest.mf"));
        X509Certificate ee = XpiSignResourceTest.verifyPkcs7(files.get("META-INF/mozilla.rsa"),
                files.get("META-INF/mozilla.sf"), XpiSignResourceTest.p384);
        assertTrue(ee.getSubjectX500Principal().getName().startsWith("CN=raw@example.org,"),
                ee.getSubjectX500Principal().getName());
        assertTrue(files.containsKey("META-INF/cose.sig"), "cose_algorithms from the query are honoured");
        XpiFixtures.assertJarsignerVerifies(tmp, Files.write(tmp.resolve("signed.xpi"), signed),
                XpiSignResourceTest.p384.root(), true);
    }

    @Test
    void aLargeXpiIsSpooledAndItsAnswerReplayedForTheSameKey(@TempDir Path tmp) throws Exception {
        Path xpi = tmp.resolve("large.xpi");
        XpiFixtures.largeAddon(xpi, 4, 256 * 1024, 11);
        byte[] body = Files.readAllBytes(xpi);
        String path = path(XpiSignResourceTest.XPI, OPTIONS);
        String key = UUID.randomUUID().toString();
        Response first = raw(path, body).header("Idempotency-Key", key).post(path);
        first.then().statusCode(201);
        Path signed = Files.write(tmp.resolve("signed.xpi"), first.asByteArray());
        XpiFixtures.assertJarsignerVerifies(tmp, signed, XpiSignResourceTest.p384.root(), true);

        Response replay = raw(path, body).header("Idempotency-Key", key).post(path);
        replay.then().statusCode(201).header("Idempotent-Replayed", "true")
                .header(RawFileApi.REF, first.header(RawFileApi.REF))
                .header(RawFileApi.SIGNER_ID, XpiSignResourceTest.XPI);
        assertArrayEquals(first.asByteArray(), replay.asByteArray());

        // Same key and file, other options: another request, refused as a misuse of the key.
        String other = path(XpiSignResourceTest.XPI, "{\"id\":\"other@example.org\"}");
        raw(other, body).header("Idempotency-Key", key).post(other).then().statusCode(422)
                .body("error", containsString("Idempotency-Key"));
    }

    @Test
    void errorsAreJsonAndLeaveNoTempFiles() throws Exception {
        String path = path(XpiSignResourceTest.XPI, OPTIONS);
        byte[] xpi = XpiFixtures.addon(Map.of());
        byte[] junk = new byte[300 * 1024];
        new java.util.Random(3).nextBytes(junk);
        raw(path, junk).post(path).then().statusCode(400)
                .body("error", containsString("xpi: input is not a valid ZIP archive"));
        String badOptions = path(XpiSignResourceTest.XPI, "[not json");
        raw(badOptions, xpi).post(badOptions).then().statusCode(400)
                .body("error", containsString("options: must be a JSON object"));
        raw(path, new byte[0]).post(path).then().statusCode(400)
                .body("error", containsString("missing input"));
        String unknown = path("no-such-signer", OPTIONS);
        raw(unknown, xpi).post(unknown).then().statusCode(401);
        // The MAC covers the query: options swapped after signing do not authenticate.
        RestAssured.given().urlEncodingEnabled(false)
                .header("Authorization", HawkClient.header(XpiSignResourceTest.DAVE, "POST", HawkRequests.uri(path),
                        RawFileApi.CONTENT_TYPE, xpi))
                .contentType(RawFileApi.CONTENT_TYPE).body(xpi).post(badOptions).then().statusCode(401)
                .body("error", containsString("hawk"));
        String json = "application/json";
        RestAssured.given().urlEncodingEnabled(false)
                .header("Authorization", HawkClient.header(XpiSignResourceTest.DAVE, "POST", HawkRequests.uri(path),
                        json, xpi))
                .contentType(json).body(xpi).post(path).then().statusCode(400)
                .body("error", containsString("expected application/octet-stream"));
        try (var files = Files.list(io.quarkus.arc.Arc.container().instance(dev.signet.autograph.body.TempFiles.class)
                .get().runDir())) {
            assertEquals(List.of(".lock"), files.map(f -> f.getFileName().toString()).toList());
        }
    }
}
