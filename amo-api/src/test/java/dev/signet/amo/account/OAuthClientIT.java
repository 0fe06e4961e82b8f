package dev.signet.amo.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.oauth.OAuthHeader;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth 1.0a as a third-party client speaks it: Debian's python3-requests with python3-requests-oauthlib, run by
 * /usr/bin/python3 (the pyenv python on PATH lacks them), against the real server, PostgreSQL and Kafka. Skipped
 * where they are missing, except on CI, where a skipped proof would hide a gap.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class OAuthClientIT {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PASSWORD = "correct horse battery";

    /**
     * argv: base URL, consumer key, secret, XPI path, case names. Prints {case: [{status, body, authorization,
     * body_sha1}, ...]}, one entry per request the case sends.
     */
    private static final String CLIENT = """
            import base64, hashlib, json, sys, time
            import requests
            from requests_oauthlib import OAuth1

            base, key, secret, xpi = sys.argv[1:5]
            session = requests.Session()
            LIST = base + 'api/v5/addons/upload/?page_size=5&x=a b&x=%2B&x=a+b&q=\u00e9'
            UPLOAD = base + 'api/v5/addons/upload/'
            KEYS = base + 'api/v2/account/api-keys/'

            def auth(**client_args):
                return OAuth1(key, client_secret=secret, **client_args)

            def prepare(method, url, signer=None, **request_args):
                return session.prepare_request(requests.Request(method, url, auth=signer or auth(), **request_args))

            def json_post():
                # requests-oauthlib hands oauthlib the body only when told to; oauthlib then adds oauth_body_hash.
                return prepare('POST', KEYS, auth(force_include_body=True), json={'type': 'oauth'})

            def send(prepared):
                response = session.send(prepared)
                try:
                    body = response.json()
                except ValueError:
                    body = response.text
                authorization = prepared.headers['Authorization']
                sent = prepared.body if isinstance(prepared.body, bytes) else (prepared.body or '').encode()
                return {'status': response.status_code, 'body': body,
                        'authorization': authorization.decode() if isinstance(authorization, bytes) else authorization,
                        'body_sha1': base64.b64encode(hashlib.sha1(sent).digest()).decode()}

            def tampered_body():
                prepared = json_post()
                prepared.body = b'{"type": "jwt"}'
                prepared.prepare_content_length(prepared.body)
                return [send(prepared)]

            def tampered_query():
                prepared = prepare('GET', LIST)
                prepared.url = prepared.url.replace('page_size=5', 'page_size=50')
                return [send(prepared)]

            def replayed():
                prepared = json_post()
                return [send(prepared), send(prepared)]

            with open(xpi, 'rb') as f:
                xpi_bytes = f.read()
            CASES = {
                'list': lambda: [send(prepare('GET', LIST))],
                'upload': lambda: [send(prepare('POST', UPLOAD, data={'channel': 'unlisted'},
                                                files={'upload': ('addon.xpi', xpi_bytes,
                                                                  'application/x-xpinstall')}))],
                'json': lambda: [send(json_post())],
                'tampered-body': tampered_body,
                'tampered-query': tampered_query,
                'stale': lambda: [send(prepare('GET', LIST, auth(timestamp=str(int(time.time()) - 3600))))],
                'replayed': replayed,
                'wrong-secret': lambda: [send(prepare('GET', LIST, OAuth1(key, client_secret=secret + '0')))],
            }
            print(json.dumps({name: CASES[name]() for name in sys.argv[5:]}))
            """;

    @TempDir
    static Path dir;

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectMapper json;

    String token;
    String key;
    String secret;

    @BeforeAll
    static void requireRequestsOAuthlib() throws IOException, InterruptedException {
        String missing = null;
        if (!Files.isExecutable(PYTHON)) {
            missing = PYTHON + " is missing";
        } else if (new ProcessBuilder(PYTHON.toString(), "-c", "import requests, requests_oauthlib")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() != 0) {
            missing = "requests_oauthlib is not importable by " + PYTHON
                    + " (Debian packages python3-requests python3-requests-oauthlib python3-oauthlib)";
        }
        if (missing != null && "true".equals(System.getenv("CI"))) {
            fail("OAuth client interop cannot run on CI: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        Files.writeString(dir.resolve("client.py"), CLIENT);
    }

    @BeforeEach
    void anAccountWithAnOAuthConsumer() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        String email = "oauth-" + UUID.randomUUID() + "@example.com";
        AccountApiIT.signUp(email, PASSWORD, null);
        token = AccountApiIT.logIn(email, PASSWORD);
        JsonPath consumer = given().queryParam("_user", token).contentType(ContentType.JSON)
                .body(Map.of("type", "oauth")).post("/api/v2/account/api-keys/").then().statusCode(201)
                .extract().jsonPath();
        key = consumer.getString("key");
        secret = consumer.getString("secret");
    }

    @Test
    void anAwkwardQueryAndAMultipartUploadAreSignedAndListedForTheirOwnerOnly() throws Exception {
        String otherEmail = "other-" + UUID.randomUUID() + "@example.com";
        AccountApiIT.signUp(otherEmail, PASSWORD, null);
        String other = given().queryParam("_user", AccountApiIT.logIn(otherEmail, PASSWORD))
                .multiPart("upload", xpi().toFile(), "application/x-xpinstall")
                .multiPart("channel", "unlisted").post("/api/v5/addons/upload/").then().statusCode(201)
                .extract().path("uuid");

        Map<String, List<Reply>> replies = run("list", "upload");
        Reply before = replies.get("list").get(0);
        assertEquals(200, before.status(), before.toString());
        assertEquals(0, before.body().get("count").asInt(), before.toString());
        Reply upload = replies.get("upload").get(0);
        assertEquals(201, upload.status(), upload.toString());
        assertFalse(upload.authorization().contains("oauth_body_hash"), upload.authorization());
        String mine = upload.body().get("uuid").asText();

        // The same awkward query, signed again after the upload, shows it, and only it.
        Map<String, List<Reply>> after = run("list");
        Reply list = after.get("list").get(0);
        assertEquals(200, list.status(), list.toString());
        assertEquals(1, list.body().get("count").asInt(), list.toString());
        List<String> uuids = StreamSupport.stream(list.body().get("results").spliterator(), false)
                .map(result -> result.get("uuid").asText()).toList();
        assertEquals(List.of(mine), uuids);
        assertFalse(uuids.contains(other));
    }

    @Test
    void aJsonBodyIsCoveredByItsBodyHashAndTamperingAfterSigningIsRefused() throws Exception {
        Map<String, List<Reply>> replies = run("json", "tampered-body", "tampered-query");
        Reply created = replies.get("json").get(0);
        assertEquals(201, created.status(), created.toString());
        assertEquals("oauth", created.body().get("type").asText(), created.toString());
        assertEquals(created.bodySha1(), oauthParam(created.authorization(), "oauth_body_hash"),
                "requests-oauthlib with force_include_body sends the body's SHA-1: " + created.authorization());

        assertRefused(replies.get("tampered-body").get(0), "Body hash does not match.");
        assertRefused(replies.get("tampered-query").get(0), "Invalid signature.");
    }

    @Test
    void staleReplayedWrongSecretAndRevokedConsumersAreRefused() throws Exception {
        Map<String, List<Reply>> replies = run("stale", "replayed", "wrong-secret");
        assertRefused(replies.get("stale").get(0), "Timestamp outside the allowed window.");
        List<Reply> replayed = replies.get("replayed");
        assertEquals(201, replayed.get(0).status(), replayed.get(0).toString());
        assertEquals(replayed.get(0).authorization(), replayed.get(1).authorization());
        assertRefused(replayed.get(1), "Nonce already used.");
        assertRefused(replies.get("wrong-secret").get(0), "Invalid signature.");

        Reply good = run("list").get("list").get(0);
        assertEquals(200, good.status(), good.toString());
        given().queryParam("_user", token).delete("/api/v2/account/api-keys/" + key + "/").then().statusCode(204);
        assertRefused(run("list").get("list").get(0), "Unknown consumer key.");
    }

    private static void assertRefused(Reply reply, String reason) {
        assertEquals(401, reply.status(), reply.toString());
        assertEquals(reason, reply.body().path("reason").asText(), reply.toString());
    }

    private static String oauthParam(String authorization, String name) {
        return OAuthHeader.parse(authorization).stream().filter(p -> p.getKey().equals(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private record Reply(int status, JsonNode body, String authorization, String bodySha1) {
    }

    /** Runs the Python client's cases, in order, as this test's consumer, with a fresh XPI to upload. */
    private Map<String, List<Reply>> run(String... cases) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), dir.resolve("client.py").toString(),
                base.toString(), key, secret, xpi().toString()));
        command.addAll(List.of(cases));
        Path stderr = Files.createTempFile(dir, "client", ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the Python client timed out: " + Files.readString(stderr));
        }
        assertEquals(0, process.exitValue(), "the Python client failed: " + output + Files.readString(stderr));
        Map<String, List<Map<String, Object>>> raw = json.readValue(output, new TypeReference<>() { });
        Map<String, List<Reply>> replies = new LinkedHashMap<>();
        raw.forEach((name, sent) -> replies.put(name, sent.stream().map(r -> new Reply((Integer) r.get("status"),
                json.valueToTree(r.get("body")), (String) r.get("authorization"), (String) r.get("body_sha1")))
                .toList()));
        assertTrue(replies.keySet().containsAll(List.of(cases)), output);
        return replies;
    }

    /** A small real WebExtension with a fresh id. */
    private static Path xpi() throws IOException {
        Path file = Files.createTempFile(dir, "addon", ".xpi");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(("{\"manifest_version\": 2, \"name\": \"OAuth client add-on\", \"version\": \"1.0\","
                    + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"oauth-" + UUID.randomUUID()
                    + "@example.com\"}}}").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
