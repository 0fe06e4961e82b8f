package dev.signet.e2e.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.signet.e2e.E2eStack;
import dev.signet.e2e.SignAddonClientE2ETest.Tools;
import dev.signet.e2e.XpiVerifier;
import dev.signet.e2e.Xpis;
import dev.signet.infra.stack.DevJwt;
import dev.signet.infra.stack.LocalStack;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 16's "done when", on the running stack: a developer uploads a listed version with the published sign-addon
 * (which reports it as not auto-signed, as with AMO); a reviewer, a second account, approves it in a real headless
 * Chromium; the developer's webhook receiver gets {@code version.signed} with a valid signature, again after it
 * first answered 500; the signed file passes jarsigner. A rejected version shows its reason in the API and on "My
 * add-ons". The queue, review, webhook and report pages are captured to target/screenshots (docs/review.md).
 */
@Order(2)
class ReviewBrowserE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "review e2e password";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aReviewerApprovesAListedVersionInTheBrowserAndTheDeveloperHearsOfItByWebhook() throws Exception {
        Tools.require("node");
        Tools.require("npm");
        Tools.require("jarsigner");
        Tools.require("openssl");
        LocalStack stack = E2eStack.get();
        String base = stack.settings().amoUrl();
        String admin = "Bearer " + stack.credentials().amoAdminToken();
        String guid = "review-" + UUID.randomUUID() + "@signet.example";
        String devEmail = "dev-" + UUID.randomUUID() + "@example.com";
        String reviewerEmail = "reviewer-" + UUID.randomUUID() + "@example.com";
        post(base + "/admin/accounts", admin, Map.of("email", devEmail, "password", PASSWORD,
                "display_name", "Dana Developer", "roles", List.of("developer")), 201);
        post(base + "/admin/accounts", admin, Map.of("email", reviewerEmail, "password", PASSWORD,
                "display_name", "Rita Reviewer", "roles", List.of("developer", "reviewer")), 201);
        String devSession = post(base + "/api/v2/account/login/", null,
                Map.of("email", devEmail, "password", PASSWORD), 201).path("token").asText();
        JsonNode key = post(base + "/api/v2/account/api-keys/?_user=" + devSession, null, Map.of("type", "jwt"), 201);
        String issuer = key.path("key").asText();
        String secret = key.path("secret").asText();

        try (Receiver receiver = Receiver.start()) {
            JsonNode hook = post(base + "/api/v5/accounts/webhooks/?_user=" + devSession, null,
                    Map.of("url", receiver.url()), 201);
            String hookSecret = hook.path("secret").asText();
            assertTrue(hookSecret.startsWith("whsec_"), hook.toString());

            // 1.0: the add-on's first version (unlisted, signed by automation), so that 2.0 can be listed.
            Path v1 = work.resolve("v1.xpi");
            Files.write(v1, Xpis.webExtension(guid, "1.0"));
            curlUpload(base, issuer, secret, guid, "1.0", v1, "unlisted");
            awaitStatus(base, issuer, secret, guid, "1.0", s -> s.path("files").size() == 1);

            // 2.0, listed, with the published sign-addon: valid, not auto-signed, submitted for review.
            Path v2 = work.resolve("review-e2e-2.0.xpi");
            Files.write(v2, Xpis.webExtension(guid, "2.0"));
            String output = signAddon(base, issuer, secret, guid, "2.0", v2);
            assertTrue(output.contains("submitted for review") && output.contains("ADDON_NOT_AUTO_SIGNED"), output);
            JsonNode waiting = awaitStatus(base, issuer, secret, guid, "2.0", s -> s.path("processed").asBoolean());
            assertFalse(waiting.path("automated_signing").asBoolean(), waiting.toString());
            assertFalse(waiting.path("reviewed").asBoolean(), waiting.toString());

            try (Chromium browser = Chromium.start()) {
                logIn(browser, base, reviewerEmail);
                browser.driver().findElement(By.linkText("Review queue")).click();
                browser.waitForText("oldest first");
                browser.screenshot("review-queue");
                browser.driver().findElement(By.partialLinkText(guid)).click();
                browser.waitForText("Compared with version 1.0");
                String page = browser.text();
                assertTrue(page.contains("Dana Developer") && page.contains("manifest.json")
                        && page.contains("Approve and sign"), page);
                browser.screenshot("review-version");
                // The receiver's first answer to version.signed is 500; the retry gets the same event.
                receiver.failFirst("version.signed");
                browser.fill("comment", "Reviewed the background script: fine.");
                clickButton(browser, "Approve and sign");
                browser.waitForText("Decision recorded: approved.");
                JsonNode signed = awaitStatus(base, issuer, secret, guid, "2.0", s -> s.path("files").size() == 1);
                assertTrue(signed.path("passed_review").asBoolean() && signed.path("active").asBoolean(),
                        signed.toString());
                List<Receiver.Delivery> signedEvents = receiver.await("version.signed", "2.0", 2,
                        Duration.ofSeconds(60));
                for (Receiver.Delivery d : signedEvents) {
                    assertValidSignature(hookSecret, d);
                    assertEquals(guid, d.json().path("data").path("guid").asText());
                    assertEquals("2.0", d.json().path("data").path("version").asText());
                }
                assertEquals(500, signedEvents.get(0).answered());
                assertEquals(200, signedEvents.get(1).answered());
                assertEquals(signedEvents.get(0).id(), signedEvents.get(1).id(), "a retry keeps its event id");
                assertEquals(signedEvents.get(0).body(), signedEvents.get(1).body(), "and its bytes");
                assertValidSignature(hookSecret, receiver.await("version.approved", "2.0", 1, WAIT).get(0));

                Path file = work.resolve("signed-2.0.xpi");
                HttpResponse<Path> download = http.send(HttpRequest.newBuilder(URI.create(
                        signed.path("files").get(0).path("download_url").asText()))
                        .header("Authorization", "JWT " + DevJwt.token(issuer, secret)).build(),
                        HttpResponse.BodyHandlers.ofFile(file));
                assertEquals(200, download.statusCode());
                XpiVerifier.verifyWithJarsignerAndOpenssl(file,
                        stack.settings().dataDir().resolve("signer/dev-root.pem"), work);

                // 3.0, listed, rejected with a reason the developer reads in the API and on their page.
                Path v3 = work.resolve("v3.xpi");
                Files.write(v3, Xpis.webExtension(guid, "3.0"));
                curlUpload(base, issuer, secret, guid, "3.0", v3, "listed");
                awaitStatus(base, issuer, secret, guid, "3.0", s -> s.path("processed").asBoolean());
                browser.open(base + "/reviewers/");
                browser.waitForText("oldest first");
                browser.driver().findElement(By.partialLinkText(guid)).click();
                browser.waitForText("Compared with version 2.0");
                String reason = "It reads every page without asking for it in its listing.";
                browser.fill("comment", reason);
                clickButton(browser, "Reject");
                browser.waitForText("Decision recorded: rejected.");
                JsonNode rejected = awaitStatus(base, issuer, secret, guid, "3.0",
                        s -> s.path("reviewed").asBoolean());
                assertFalse(rejected.path("passed_review").asBoolean(), rejected.toString());
                assertEquals(reason, rejected.path("review_comment").asText());
                assertEquals(0, rejected.path("files").size());
                Receiver.Delivery rejection = receiver.await("version.rejected", "3.0", 1, WAIT).get(0);
                assertEquals("3.0", rejection.json().path("data").path("version").asText());
                assertValidSignature(hookSecret, rejection);
                clickButton(browser, "Log out");
                browser.waitForText("You are logged out.");

                logIn(browser, base, devEmail);
                String mine = browser.text();
                assertTrue(mine.contains("Rejected by a reviewer: " + reason) && mine.contains("Signed"), mine);
                browser.screenshot("review-rejected-my-addons");
                browser.open(base + "/developers/webhooks");
                browser.waitForText("version.signed");
                browser.screenshot("webhooks-deliveries");
                browser.open(rejected.path("validation_url").asText());
                browser.waitForText("passed validation");
                browser.screenshot("validation-report");
            }
        }
    }

    /** As a receiver would: HMAC-SHA256 over id.timestamp.body with the secret's key, compared in constant time. */
    private static void assertValidSignature(String secret, Receiver.Delivery d) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((d.id() + "." + d.timestamp() + "." + d.body())
                .getBytes(StandardCharsets.UTF_8));
        boolean match = false;
        for (String part : d.signature().split(" ")) {
            if (part.startsWith("v1,") && MessageDigest.isEqual(expected,
                    Base64.getDecoder().decode(part.substring(3)))) {
                match = true;
            }
        }
        assertTrue(match, "signature " + d.signature() + " does not verify for " + d.id());
        long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(d.timestamp()));
        assertTrue(age < 300, "timestamp within five minutes: " + d.timestamp());
    }

    private static void logIn(Chromium browser, String base, String email) {
        browser.open(base + "/developers/login");
        browser.waitForText("Log in");
        browser.submit(Map.of("email", email, "password", PASSWORD));
        browser.waitForText("My add-ons");
    }

    private static void clickButton(Chromium browser, String label) {
        WebElement button = browser.driver().findElement(By.xpath("//button[normalize-space()='" + label + "']"));
        button.click();
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.stalenessOf(button));
    }

    private String signAddon(String base, String issuer, String secret, String guid, String version, Path xpi)
            throws Exception {
        Path modules = Files.createDirectories(work.resolve("client"));
        Tools.run(List.of("npm", "install", "--prefix", modules.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", dev.signet.e2e.SignAddonClientE2ETest.SIGN_ADDON), work, Map.of(), 300);
        Path script = Files.writeString(modules.resolve("sign.mjs"), """
                import { signAddon } from 'sign-addon';
                const result = await signAddon({
                  xpiPath: process.env.XPI, version: process.env.VERSION, id: process.env.GUID, channel: 'listed',
                  apiKey: process.env.AMO_JWT_ISSUER, apiSecret: process.env.AMO_JWT_SECRET,
                  apiUrlPrefix: process.env.AMO_API_PREFIX, timeout: 90000, disableProgressBar: true,
                });
                console.log('RESULT ' + JSON.stringify(result));
                """);
        return Tools.run(List.of("node", script.toString()), modules, Map.of("XPI", xpi.toString(),
                "VERSION", version, "GUID", guid, "AMO_JWT_ISSUER", issuer, "AMO_JWT_SECRET", secret,
                "AMO_API_PREFIX", base + "/api/v4"), 180);
    }

    private void curlUpload(String base, String issuer, String secret, String guid, String version, Path xpi,
            String channel) throws Exception {
        Tools.require("curl");
        String status = Tools.run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT",
                "-H", "Authorization: JWT " + DevJwt.token(issuer, secret), "-F", "upload=@" + xpi,
                "-F", "channel=" + channel, base + "/api/v4/addons/" + guid + "/versions/" + version + "/"),
                work, Map.of(), 60).strip();
        assertTrue(status.equals("201") || status.equals("202"), "curl upload of " + version + ": " + status);
    }

    private JsonNode awaitStatus(String base, String issuer, String secret, String guid, String version,
            java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v4/addons/" + guid
                    + "/versions/" + version + "/?wait=10")).header("Authorization", "JWT "
                    + DevJwt.token(issuer, secret)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            last = JSON.readTree(r.body());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(guid + " " + version + " did not get there: " + last);
    }

    private JsonNode post(String url, String authorization, Map<String, Object> body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), url + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** A developer's webhook endpoint on 127.0.0.1: records every delivery, answers 500 to chosen first tries. */
    static final class Receiver implements AutoCloseable {

        record Delivery(String id, String timestamp, String signature, String body, int answered) {
            JsonNode json() {
                try {
                    return JSON.readTree(body);
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + body, e);
                }
            }

            String type() {
                return json().path("type").asText();
            }
        }

        private final HttpServer server;
        private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        private final Set<String> failFirst = ConcurrentHashMap.newKeySet();
        private final Set<String> failed = ConcurrentHashMap.newKeySet();

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws java.io.IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Receiver receiver = new Receiver(server);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                String type = JSON.readTree(body).path("type").asText();
                int status = receiver.failFirst.contains(type) && receiver.failed.add(id) ? 500 : 200;
                receiver.deliveries.add(new Delivery(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, status));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void failFirst(String type) {
            failFirst.add(type);
        }

        /** The deliveries of {@code type} events for {@code version}, in the order they arrived. */
        List<Delivery> await(String type, String version, int count, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                List<Delivery> matching = new ArrayList<>(deliveries.stream().filter(d -> d.type().equals(type)
                        && d.json().path("data").path("version").asText().equals(version)).toList());
                if (matching.size() >= count) {
                    return matching;
                }
                Thread.sleep(200);
            }
            throw new AssertionError(count + " × " + type + " not received within " + within + ": " + deliveries);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
