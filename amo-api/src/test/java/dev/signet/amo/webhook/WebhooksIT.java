package dev.signet.amo.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.signet.amo.Addon;
import dev.signet.amo.AppUser;
import dev.signet.amo.Upload;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end against the real PostgreSQL: events recorded in a transaction, delivered by the poller to a
 * real HTTP receiver on 127.0.0.1 (amo.webhooks.allow-private-targets is on in the test profile), retried, logged,
 * verified by the standardwebhooks npm package; the API and the developer hub page, owner by owner.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class WebhooksIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String API = "/api/v5/accounts/webhooks/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** A request as the receiver got it: headers by lower-case name, the body's bytes. */
    record Received(Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static HttpServer receiver;
    private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();

    @Inject
    WebhookEvents events;

    @Inject
    DeliveryQueue queue;

    @Inject
    EntityManager em;

    /** Paths under /fail-once/ answer 500 to their first request and 200 after; all others 200. */
    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<Received> got = RECEIVED.computeIfAbsent(exchange.getRequestURI().getPath(),
                    p -> new CopyOnWriteArrayList<>());
            got.add(new Received(headers, body));
            boolean fail = exchange.getRequestURI().getPath().startsWith("/fail-once/") && got.size() == 1;
            byte[] answer = (fail ? "not yet" : "thanks").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @BeforeEach
    void logFailures() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aFailedAttemptIsRetriedUnderTheSameIdAndEveryAttemptIsLogged() throws Exception {
        Account alice = account();
        String path = "/fail-once/" + UUID.randomUUID();
        long hook = register(alice, url(path)).getLong("id");
        Upload upload = recordEvent(alice, WebhookEvents.VERSION_SIGNED, true);

        List<Received> got = awaitRequests(path, 2);
        Received first = got.get(0);
        Received second = got.get(1);
        assertEquals(first.header("webhook-id"), second.header("webhook-id"));
        assertArrayEquals(first.body(), second.body(), "the payload is frozen when the event is recorded");
        assertTrue(first.header("content-type").startsWith("application/json"), first.headers().toString());
        assertTrue(first.header("user-agent").contains("Signet"), first.headers().toString());
        assertTrue(second.header("webhook-signature").startsWith("v1,"), second.headers().toString());

        JsonNode event = second.json();
        String pk = upload.id.toString().replace("-", "");
        assertEquals(second.header("webhook-id"), event.get("id").asText());
        assertTrue(event.get("id").asText().matches("evt_[0-9a-f-]{36}"), event.toString());
        assertEquals("version.signed", event.get("type").asText());
        assertTrue(event.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), event.toString());
        JsonNode data = event.get("data");
        assertEquals(upload.guid, data.get("guid").asText());
        assertEquals("1.0 beta", data.get("version").asText());
        assertTrue(data.get("upload_pk").asText().matches("[0-9a-f]{32}"), data.toString());
        assertEquals(pk, data.get("upload_pk").asText());
        assertEquals("unlisted", data.get("channel").asText());
        assertTrue(data.get("status_url").asText().endsWith("/api/v4/addons/%7B" + upload.guid.substring(1,
                upload.guid.length() - 1) + "%7D/versions/1.0%20beta/uploads/" + pk + "/"), data.toString());

        JsonPath log = awaitDelivery(alice, hook, event.get("id").asText(), "delivered");
        assertEquals(2, log.getInt("attempts"));
        assertEquals(List.of(500, 200), log.getList("attempt_log.status_code"));
        assertEquals(200, log.getInt("last_status"));
        assertEquals("version.signed", log.getString("event_type"));
    }

    @Test
    void theStandardwebhooksLibraryAcceptsADeliveryAndRefusesItTampered() throws Exception {
        String missing = StandardWebhooksJs.setUp();
        if (missing != null && "true".equals(System.getenv("CI"))) {
            fail("the independent webhook verifier cannot run on CI: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);

        Account alice = account();
        String path = "/ok/" + UUID.randomUUID();
        String secret = register(alice, url(path)).getString("secret");
        recordEvent(alice, WebhookEvents.VERSION_APPROVED, true);
        Received got = awaitRequests(path, 1).get(0);

        String body = new String(got.body(), StandardCharsets.UTF_8);
        long timestamp = Long.parseLong(got.header("webhook-timestamp"));
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(verifyCase(got.body(), got.headers()));
        cases.add(verifyCase(body.replace("version.approved", "version.rejected").getBytes(StandardCharsets.UTF_8),
                got.headers()));
        cases.add(verifyCase(got.body(), with(got.headers(), "webhook-timestamp", Long.toString(timestamp + 1))));
        cases.add(verifyCase(got.body(), with(got.headers(), "webhook-id", "evt_" + UUID.randomUUID())));
        cases.add(verifyCase(got.body(), got.headers()));
        String otherSecret = WebhookSecret.generate();

        List<String> results = StandardWebhooksJs.verify(secret, cases);
        assertEquals("ok", results.get(0), "a real delivery verifies: " + results);
        for (int i = 1; i < 4; i++) {
            assertTrue(results.get(i).startsWith("WebhookVerificationError"), "tampered case " + i + ": " + results);
        }
        assertTrue(StandardWebhooksJs.verify(otherSecret, List.of(cases.get(4))).get(0)
                .startsWith("WebhookVerificationError"), "another secret does not verify it");
    }

    @Test
    void aClaimWhoseReplicaNeverReportsIsRetriedWhenItsLeaseEnds() {
        Account alice = account();
        String path = "/ok/" + UUID.randomUUID();
        String target = url(path);
        long hook = register(alice, target).getLong("id");
        // Record and claim in one transaction, then never send: as if the replica died holding the claim.
        List<DeliveryQueue.Claimed> abandoned = QuarkusTransaction.requiringNew().call(() -> {
            events.record(WebhookEvents.VERSION_PROCESSED, newUpload(alice, true));
            return queue.claim(1000).stream().filter(c -> c.url().equals(target)).toList();
        });
        assertEquals(1, abandoned.size(), abandoned.toString());
        assertEquals(1, abandoned.get(0).attempt());

        Received got = awaitRequests(path, 1).get(0);
        assertEquals(abandoned.get(0).eventId(), got.header("webhook-id"));
        JsonPath log = awaitDelivery(alice, hook, abandoned.get(0).eventId(), "delivered");
        assertEquals(2, log.getInt("attempts"), "the abandoned claim counts as a try");
        assertEquals(List.of(200), log.getList("attempt_log.status_code"), "only the try with an outcome is logged");
    }

    @Test
    void onlyTheOwnerSeesAndChangesAWebhookAndAV5UploadNotifiesItsUploader() throws Exception {
        Account alice = account();
        Account bob = account();
        String path = "/ok/" + UUID.randomUUID();
        long hook = register(alice, url(path)).getLong("id");

        for (String route : List.of(API + hook + "/", API + hook + "/deliveries/")) {
            given().queryParam("_user", bob.token()).get(route).then().statusCode(404)
                    .body("detail", equalTo("Not found."));
        }
        given().queryParam("_user", bob.token()).post(API + hook + "/test/").then().statusCode(404);
        given().queryParam("_user", bob.token()).delete(API + hook + "/").then().statusCode(404);
        given().queryParam("_user", bob.token()).get(API).then().statusCode(200).body("count", equalTo(0));
        given().queryParam("_user", alice.token()).get(API).then().statusCode(200).body("count", equalTo(1))
                .body("results[0].id", equalTo((int) hook)).body("results[0].url", equalTo(url(path)))
                .body("results[0].secret", nullValue());
        given().queryParam("_user", alice.token()).get(API + hook + "/").then().statusCode(200)
                .body("url", equalTo(url(path))).body("$", not(org.hamcrest.Matchers.hasKey("secret")));

        String testEvent = given().queryParam("_user", alice.token()).post(API + hook + "/test/").then()
                .statusCode(202).body("event_id", matchesPattern("evt_[0-9a-f-]{36}")).extract().path("event_id");
        Received test = awaitRequests(path, 1).get(0);
        assertEquals(testEvent, test.header("webhook-id"));
        assertEquals("webhook.test", test.json().get("type").asText());

        // A v5 upload has no add-on yet: its uploader is the one told.
        recordEvent(alice, WebhookEvents.VERSION_PROCESSED, false);
        Received processed = awaitRequests(path, 2).get(1);
        assertEquals("version.processed", processed.json().get("type").asText());

        given().queryParam("_user", alice.token()).delete(API + hook + "/").then().statusCode(204);
        given().queryParam("_user", alice.token()).get(API + hook + "/").then().statusCode(404);
        given().queryParam("_user", alice.token()).get(API).then().body("count", equalTo(0));
        recordEvent(alice, WebhookEvents.VERSION_REJECTED, true);
        Number queued = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                "SELECT count(*) FROM webhook_delivery WHERE webhook_id = ?1").setParameter(1, hook)
                .getSingleResult());
        assertEquals(2, queued.intValue(), "a deleted webhook gets no new events");
    }

    @Test
    void badInputGetsAClearJsonErrorNeverA500() {
        Account alice = account();
        String token = alice.token();
        given().queryParam("_user", token).contentType(ContentType.JSON).body(Map.of()).post(API).then()
                .statusCode(400).body("url[0]", equalTo("This field is required."));
        given().queryParam("_user", token).contentType(ContentType.JSON).body(Map.of("url", 5)).post(API).then()
                .statusCode(400).body("url[0]", equalTo("Not a valid string."));
        given().queryParam("_user", token).contentType(ContentType.JSON).body(Map.of("url", "ftp://example.com/"))
                .post(API).then().statusCode(400).body("url[0]", containsString("http or https"));
        given().queryParam("_user", token).contentType(ContentType.JSON).body(Map.of("url", "not a url"))
                .post(API).then().statusCode(400).body("url[0]", equalTo("Enter a valid URL."));
        given().queryParam("_user", token).contentType(ContentType.JSON)
                .body(Map.of("url", url("/" + "a".repeat(2001)))).post(API).then().statusCode(400)
                .body("url[0]", containsString("no more than 2000 characters"));
        given().queryParam("_user", token).contentType(ContentType.JSON).body("[1]").post(API).then()
                .statusCode(400).body("detail", equalTo("Malformed JSON in request body."));
        given().queryParam("_user", token).contentType(ContentType.JSON).body("{\"url\": ").post(API).then()
                .statusCode(400).body("detail", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("url", url("/x"))).post(API).then().statusCode(401);
        for (String id : List.of("abc", "99999999999", "1e400", "-1", "%00")) {
            given().queryParam("_user", token).urlEncodingEnabled(false).get(API + id + "/").then().statusCode(404);
            given().queryParam("_user", token).urlEncodingEnabled(false).get(API + id + "/deliveries/").then()
                    .statusCode(404);
        }

        for (int i = 0; i < 10; i++) {
            register(alice, url("/ok/" + UUID.randomUUID()));
        }
        given().queryParam("_user", token).contentType(ContentType.JSON).body(Map.of("url", url("/one-too-many")))
                .post(API).then().statusCode(400).body("non_field_errors[0]", containsString("at most 10 webhooks"));
    }

    @Test
    void theDeveloperHubPageRegistersShowsTheSecretOnceTestsAndDeletes() {
        Account alice = account();
        String path = "/ok/" + UUID.randomUUID();
        Response page = given().cookie("signet_session", alice.token()).get("/developers/webhooks");
        page.then().statusCode(200).body(containsString("You have no webhooks yet"))
                .body(containsString("href=\"/developers/webhooks\""));
        String csrf = csrf(page.asString());

        Response made = given().cookie("signet_session", alice.token()).formParam("url", url(path))
                .formParam("csrf", csrf).post("/developers/webhooks");
        made.then().statusCode(201).header("Cache-Control", "no-store").body(containsString("shown only once"));
        Matcher secret = Pattern.compile("id=\"created-secret\">(whsec_[A-Za-z0-9+/=]{44})<").matcher(made.asString());
        assertTrue(secret.find(), made.asString());
        long hook = ((Number) given().queryParam("_user", alice.token()).get(API).then().extract()
                .path("results[0].id")).longValue();

        given().cookie("signet_session", alice.token()).formParam("url", "ftp://example.com/")
                .formParam("csrf", csrf).post("/developers/webhooks").then().statusCode(400)
                .body(containsString("URL: Enter an http or https URL"))
                .body(containsString("value=\"ftp://example.com/\""));
        given().cookie("signet_session", alice.token()).formParam("id", hook).post("/developers/webhooks/test")
                .then().statusCode(403).body(containsString("form has expired"));

        Response queued = given().cookie("signet_session", alice.token()).formParam("id", hook)
                .formParam("csrf", csrf).post("/developers/webhooks/test");
        queued.then().statusCode(202).body(containsString("Queued test event evt_"));
        awaitRequests(path, 1);
        String shown = await("the delivery log to show the test event", () -> {
            String html = given().cookie("signet_session", alice.token()).get("/developers/webhooks").asString();
            return html.contains("Delivered") ? html : null;
        });
        assertTrue(shown.contains("webhook.test") && shown.contains("HTTP 200"), shown);
        assertFalse(shown.contains(secret.group(1)), "the secret is shown once");
        assertTrue(shown.contains(url(path)), shown);

        given().cookie("signet_session", alice.token()).formParam("id", hook).formParam("csrf", csrf)
                .post("/developers/webhooks/delete").then().statusCode(200)
                .body(containsString("Deleted the webhook")).body(containsString("You have no webhooks yet"));
        given().cookie("signet_session", alice.token()).formParam("id", hook).formParam("csrf", csrf)
                .post("/developers/webhooks/delete").then().statusCode(404).body(containsString("Not found."));
        given().redirects().follow(false).get("/developers/webhooks").then().statusCode(303);
    }

    record Account(long id, String token) {
    }

    static Account account() {
        String email = "hooks-" + UUID.randomUUID() + "@example.com";
        Number id = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/v2/account/signup/").then().statusCode(201).extract().path("id");
        String token = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/v2/account/login/").then().statusCode(201).extract().path("token");
        return new Account(id.longValue(), token);
    }

    static JsonPath register(Account account, String url) {
        return given().queryParam("_user", account.token()).contentType(ContentType.JSON).body(Map.of("url", url))
                .post(API).then().statusCode(201).header("Cache-Control", "no-store")
                .body("url", equalTo(url)).body("secret", matchesPattern("whsec_[A-Za-z0-9+/]{43}=")).extract()
                .jsonPath();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    /** An upload of the account's, made and announced in one transaction as ResultService would. */
    private Upload recordEvent(Account owner, String type, boolean withAddon) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Upload upload = newUpload(owner, withAddon);
            events.record(type, upload);
            return upload;
        });
    }

    private static Upload newUpload(Account owner, boolean withAddon) {
        AppUser user = AppUser.findById(owner.id());
        Upload upload = new Upload();
        upload.id = UUID.randomUUID();
        upload.guid = "{" + UUID.randomUUID() + "}";
        upload.user = user;
        upload.version = "1.0 beta";
        upload.channel = "unlisted";
        upload.fileName = "addon.xpi";
        upload.fileKey = "uploads/" + upload.id;
        upload.fileSha256 = "0".repeat(64);
        upload.fileSize = 1;
        if (withAddon) {
            Addon addon = new Addon();
            addon.guid = upload.guid;
            addon.owner = user;
            addon.persist();
            upload.addon = addon;
        }
        upload.persist();
        return upload;
    }

    private static List<Received> awaitRequests(String path, int count) {
        return await(count + " requests to " + path, () -> {
            List<Received> got = RECEIVED.getOrDefault(path, List.of());
            return got.size() >= count ? List.copyOf(got) : null;
        });
    }

    /** The delivery of the event, once it is in the state (the outcome is written after the receiver answered). */
    private static JsonPath awaitDelivery(Account owner, long hook, String eventId, String state) {
        return await("delivery of " + eventId + " " + state, () -> {
            JsonPath log = given().queryParam("_user", owner.token()).get(API + hook + "/deliveries/").then()
                    .statusCode(200).extract().jsonPath();
            List<Map<String, Object>> results = log.getList("results");
            for (int i = 0; i < results.size(); i++) {
                if (eventId.equals(results.get(i).get("event_id")) && state.equals(results.get(i).get("state"))) {
                    return log.setRootPath("results[" + i + "]");
                }
            }
            return null;
        });
    }

    /** Waits (up to 30 s, well past the test profile's 1 s retries and 3 s lease) for a non-null answer. */
    private static <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("gave up waiting for " + what);
    }

    private static Map<String, Object> verifyCase(byte[] body, Map<String, String> headers) {
        return Map.of("body_base64", Base64.getEncoder().encodeToString(body), "headers", headers);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.put(name, value);
        return changed;
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }
}
