package dev.signet.monitor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.hawk.HawkClient;
import dev.signet.hawk.HawkCredentials;
import dev.signet.monitor.TestCa;
import dev.signet.monitor.TestOpenPgpKey;
import dev.signet.monitor.TestPki;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code signet-monitor} as a process against the real, packaged autograph-signer with every signer type, whose
 * TEST-ONLY keys and chains each test arranges: good keys pass (exit 0); a published chain for another key, a
 * root that is not pinned, tampered signatures and an expired certificate fail (exit 2); a certificate expiring
 * within --warn-days warns (exit 1); and so do the calls that cannot work (wrong Hawk key, nothing listening, an
 * answer that is not the monitor's).
 */
class MonitorAgainstSignerTest {

    static final String MONITOR_KEY = SignerYaml.MONITOR_KEY;
    static final Map<String, String> ENV = SignerYaml.MONITOR_ENV;
    static final List<String> SIGNERS = List.of("cs-x5u", "cs-bare", "cs-pki", "xpi", "mar-rsa", "mar-p384",
            "rsa-pss", "rsa-pkcs15", "gpg", "apk", "authenticode");

    static Path work;
    static TestCa root;
    static TestCa inter;
    static KeyPair contentKey;
    static Path roots;
    static Path otherRoots;
    static FakeEndpoint endpoint;
    static PackagedSigner signer;

    @BeforeAll
    static void startSigner() throws Exception {
        work = ScratchDir.create("monitor-test");
        root = TestCa.root("monitor TEST-ONLY root");
        inter = root.intermediate("monitor TEST-ONLY intermediate", "secp384r1", TestPki.inDays(1825));
        roots = Files.writeString(work.resolve("roots.pem"), root.pem());
        otherRoots = Files.writeString(work.resolve("other-roots.pem"),
                TestCa.root("some other TEST-ONLY root").pem());
        contentKey = TestPki.ec("secp384r1");
        endpoint = new FakeEndpoint();
        publishGoodChain();

        KeyPair authenticodeKey = TestPki.rsa(2048);
        X509Certificate authenticodeCert = inter.leaf("monitor TEST-ONLY code signing", authenticodeKey.getPublic(),
                TestPki.inDays(365));
        KeyPair apkKey = TestPki.rsa(2048);
        X509Certificate apkCert = TestPki.leaf("monitor TEST-ONLY apk", apkKey.getPublic(), null,
                apkKey.getPrivate(), TestPki.inDays(3650));
        TestOpenPgpKey pgp = TestOpenPgpKey.generate();
        Path yaml = new SignerYaml()
                .signer("cs-x5u", "contentsignature", "privatekey", TestPki.pkcs8(contentKey.getPrivate()),
                        "x5u", endpoint.url("/chains/cs-x5u.pem").toString())
                .signer("cs-bare", "contentsignature", "privatekey", TestPki.pkcs8(TestPki.ec("secp256r1")
                        .getPrivate()))
                .signer("cs-pki", "contentsignaturepki", "issuerprivkey", inter.keyPem(),
                        "issuercert", inter.pem(), "cacert", root.pem(),
                        "domain", "content-signature.test", "chainlocation", work.resolve("chains").toString(),
                        "validity", "4320h")
                .signer("xpi", "xpi", "mode", "add-on", "certificate", inter.pem(), "privatekey", inter.keyPem(),
                        "cacert", root.pem())
                .signer("mar-rsa", "mar", "privatekey", TestPki.pkcs8(TestPki.rsa(2048).getPrivate()))
                .signer("mar-p384", "mar", "privatekey", TestPki.pkcs8(TestPki.ec("secp384r1").getPrivate()))
                .signer("rsa-pss", "genericrsa", "mode", "pss", "hash", "sha256", "saltlength", "-1",
                        "privatekey", TestPki.pkcs8(TestPki.rsa(2048).getPrivate()))
                .signer("rsa-pkcs15", "genericrsa", "mode", "pkcs15", "hash", "sha1",
                        "privatekey", TestPki.pkcs8(TestPki.rsa(2048).getPrivate()))
                .signer("gpg", "gpg2", "privatekey", pgp.armoredSecret(), "publickey", pgp.armoredPublic(),
                        "keyid", pgp.fingerprint())
                .signer("apk", "apk2", "privatekey", TestPki.pkcs8(apkKey.getPrivate()),
                        "certificate", TestPki.pem(apkCert))
                .signer("authenticode", "authenticode", "privatekey", TestPki.pkcs8(authenticodeKey.getPrivate()),
                        "certificate", TestPki.pem(authenticodeCert, inter.cert()))
                .write(work.resolve("signer.yaml"), MONITOR_KEY);
        signer = PackagedSigner.start(work, "signer", yaml);
    }

    @AfterAll
    static void stop() throws Exception {
        if (signer != null) {
            signer.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
        ScratchDir.delete(work);
    }

    static void publishChain(X509Certificate leaf) {
        endpoint.answer("/chains/cs-x5u.pem", 200, "application/x-pem-file",
                TestPki.pem(leaf, inter.cert(), root.cert()).getBytes(StandardCharsets.US_ASCII));
    }

    static void publishGoodChain() {
        publishChain(inter.leaf("cs-x5u.content-signature.test", contentKey.getPublic(), TestPki.inDays(365)));
    }

    static MonitorCli.Run monitor(String... args) throws Exception {
        return MonitorCli.run(ENV, args);
    }

    @Test
    void passesAgainstASignerWithGoodKeysAndChains() throws Exception {
        publishGoodChain();
        MonitorCli.Run run = monitor("--roots", roots.toString(), signer.url().toString());
        assertEquals(0, run.exitCode(), run::toString);
        for (String id : SIGNERS) {
            assertTrue(run.line(id).startsWith("OK "), run::toString);
        }
        assertTrue(run.line("cs-x5u").contains("chain to pinned root \"monitor TEST-ONLY root\""), run::toString);
        assertTrue(run.line("xpi").contains("PKCS#7 (SHA1) verified; chain to pinned root"), run::toString);
        assertTrue(run.line("authenticode").contains("Authenticode (SHA-256) verified; chain to pinned root"),
                run::toString);
        assertTrue(run.line("apk").contains("verified"), run::toString);
        assertTrue(run.line("gpg").contains("OpenPGP signature verified"), run::toString);
        // cs-pki's end entity is made for 180 days (+10 min) at the signer's start, the soonest expiry; bare keys
        // have none.
        assertTrue(run.line("cs-pki").matches("OK\\s+cs-pki\\s+contentsignaturepki\\s+1(79|80)d\\s.*"),
                run::toString);
        assertTrue(run.line("mar-rsa").matches("OK\\s+mar-rsa\\s+mar\\s+-\\s.*"), run::toString);
        assertTrue(run.summary().matches("signet-monitor OK: 11 signers at " + signer.url() + "/__monitor__: "
                + "11 OK, 0 WARN, 0 FAIL; soonest expiry in 1(79|80) days"), run::toString);
        assertEquals("", run.stderr());

        MonitorCli.Run unpinned = monitor(signer.url() + "/");
        assertEquals(0, unpinned.exitCode(), unpinned::toString);
        assertTrue(unpinned.line("cs-x5u").contains("chain to its own root (not pinned)"), unpinned::toString);
    }

    @Test
    void failsWhenThePublishedChainIsForAnotherKey() throws Exception {
        // The key was swapped in the signer, but the chain at x5u still certifies the old one.
        publishChain(inter.leaf("cs-x5u.content-signature.test", TestPki.ec("secp384r1").getPublic(),
                TestPki.inDays(365)));
        MonitorCli.Run run = monitor("--roots", roots.toString(), signer.url().toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.line("cs-x5u").startsWith("FAIL "), run::toString);
        assertTrue(run.line("cs-x5u").contains("public_key is not the key of the x5u leaf certificate"),
                run::toString);
        assertTrue(run.line("xpi").startsWith("OK "), run::toString);
        assertTrue(run.summary().startsWith("signet-monitor FAIL: 11 signers at ") && run.summary()
                .contains(": 10 OK, 0 WARN, 1 FAIL"), run::toString);
    }

    @Test
    void failsWhenTheChainsEndAtARootThatIsNotPinned() throws Exception {
        publishGoodChain();
        MonitorCli.Run run = monitor("--warn-days", "0", "--roots", otherRoots.toString(), signer.url().toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.line("cs-x5u").contains("its root \"monitor TEST-ONLY root\" (SHA-256 "), run::toString);
        assertTrue(run.line("cs-x5u").contains(") is not one of the --roots"), run::toString);
        assertTrue(run.line("xpi").startsWith("FAIL ") && run.line("xpi").contains("does not verify to the --roots"),
                run::toString);
        assertTrue(run.line("authenticode").startsWith("FAIL "), run::toString);
        assertTrue(run.line("mar-rsa").startsWith("OK "), run::toString);
    }

    @Test
    void warnsWhenACertificateExpiresWithinTheWindowAndFailsOnceItHasExpired() throws Exception {
        publishChain(inter.leaf("cs-x5u.content-signature.test", contentKey.getPublic(), TestPki.inDays(5)));
        MonitorCli.Run soon = monitor("--warn-days", "29", "--roots", roots.toString(), signer.url().toString());
        assertEquals(1, soon.exitCode(), soon::toString);
        assertTrue(soon.line("cs-x5u").matches("WARN\\s+cs-x5u\\s+contentsignature\\s+4d\\s+expires on .*"
                + "\\(within 29 days\\); signature verified; x5u chain to pinned root.*"), soon::toString);
        assertTrue(soon.summary().contains(": 10 OK, 1 WARN, 0 FAIL; soonest expiry in 4 days"), soon::toString);

        MonitorCli.Run narrow = monitor("--warn-days", "3", "--roots", roots.toString(), signer.url().toString());
        assertEquals(0, narrow.exitCode(), narrow::toString);

        publishChain(inter.leaf("cs-x5u.content-signature.test", contentKey.getPublic(), TestPki.inDays(-1)));
        MonitorCli.Run expired = monitor("--warn-days", "3", signer.url().toString());
        assertEquals(2, expired.exitCode(), expired::toString);
        assertTrue(expired.line("cs-x5u").matches("FAIL\\s+cs-x5u\\s+contentsignature\\s+-\\s+x5u \\S+: certificate"
                + " 0 \"cs-x5u.content-signature.test\" expired on .*"), expired::toString);
    }

    @Test
    void failsWhenTheChainCannotBeFetched() throws Exception {
        endpoint.remove("/chains/cs-x5u.pem");
        try {
            MonitorCli.Run run = monitor("--warn-days", "3", signer.url().toString());
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.line("cs-x5u").contains("/chains/cs-x5u.pem: HTTP 404"), run::toString);
        } finally {
            publishGoodChain();
        }
    }

    @Test
    void failsEverySignerWhoseAnswerWasTamperedWith() throws Exception {
        publishGoodChain();
        ObjectMapper json = new ObjectMapper();
        StringBuilder tampered = new StringBuilder();
        TestOpenPgpKey stranger = TestOpenPgpKey.generate();
        for (String line : fetchMonitorAnswer().split("\n")) {
            ObjectNode r = (ObjectNode) json.readTree(line);
            switch (r.get("type").asText()) {
                case "contentsignature", "contentsignaturepki" -> r.put("signature", flip(r.get("signature").asText(),
                        Base64.getUrlDecoder(), Base64.getUrlEncoder().withoutPadding(), 10));
                case "xpi", "mar", "genericrsa" -> r.put("signature", flip(r.get("signature").asText(),
                        Base64.getDecoder(), Base64.getEncoder(), -5));
                case "apk2", "authenticode" -> r.put("signed_file", flip(r.get("signed_file").asText(),
                        Base64.getDecoder(), Base64.getEncoder(), 700));
                case "gpg2" -> r.put("public_key", stranger.armoredPublic());
                default -> throw new AssertionError("unexpected type in " + line);
            }
            tampered.append(json.writeValueAsString(r)).append('\n');
        }
        endpoint.answer("/tampered/__monitor__", 201, "application/json",
                tampered.toString().getBytes(StandardCharsets.UTF_8));
        MonitorCli.Run run = monitor("--roots", roots.toString(), endpoint.url("/tampered").toString());
        assertEquals(2, run.exitCode(), run::toString);
        for (String id : SIGNERS) {
            assertTrue(run.line(id).startsWith("FAIL "), run::toString);
        }
        assertTrue(run.summary().contains(": 0 OK, 0 WARN, 11 FAIL"), run::toString);
        assertTrue(run.line("gpg").contains("which public_key does not hold"), run::toString);
        assertTrue(run.line("authenticode").contains("file was changed after signing"), run::toString);
    }

    @Test
    void warnsOnASignerTypeItCannotVerify() throws Exception {
        endpoint.answer("/unknown/__monitor__", 201, "application/json", ("{\"ref\":\"1\",\"type\":\"cosign\","
                + "\"mode\":\"\",\"signer_id\":\"new-kind\",\"public_key\":\"\",\"signature\":\"AAAA\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        MonitorCli.Run run = monitor(endpoint.url("/unknown").toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.line("new-kind").matches("WARN\\s+new-kind\\s+cosign\\s+-\\s+not verified: this monitor"
                + " does not know type \"cosign\""), run::toString);
    }

    @Test
    void failsWithAWrongHawkKey() throws Exception {
        MonitorCli.Run run = MonitorCli.run(Map.of("SIGNET_MONITOR_HAWK_KEY", "not-the-monitoring-key"),
                signer.url().toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stdout().startsWith("signet-monitor FAIL: " + signer.url() + "/__monitor__ answered HTTP 401: "
                + "authorization verification failed"), run::toString);
        // Hawk id other than monitor, right key: authenticated, but not the monitoring user.
        MonitorCli.Run wrongId = MonitorCli.run(Map.of("SIGNET_MONITOR_HAWK_KEY", MONITOR_KEY,
                "SIGNET_MONITOR_HAWK_ID", "someone"), signer.url().toString());
        assertEquals(2, wrongId.exitCode(), wrongId::toString);
        assertTrue(wrongId.stdout().contains("answered HTTP 401"), wrongId::toString);
        assertNoStackTrace(run);
    }

    @Test
    void failsWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MonitorCli.Run run = monitor("--timeout", "5", "http://127.0.0.1:" + port);
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("signet-monitor FAIL: http://127.0.0.1:" + port + "/__monitor__: connection refused or "
                + "unreachable\n", run.stdout(), run::toString);
        assertNoStackTrace(run);
    }

    @Test
    void failsOnAnAnswerThatIsNotTheMonitors() throws Exception {
        endpoint.answer("/garbage/__monitor__", 201, "application/json", "<html>hello</html>".getBytes());
        MonitorCli.Run garbage = monitor(endpoint.url("/garbage").toString());
        assertEquals(2, garbage.exitCode(), garbage::toString);
        assertTrue(garbage.stdout().startsWith("signet-monitor FAIL: the answer is not the monitor's JSON"),
                garbage::toString);

        endpoint.answer("/empty/__monitor__", 201, "application/json", new byte[0]);
        MonitorCli.Run empty = monitor(endpoint.url("/empty").toString());
        assertEquals(2, empty.exitCode(), empty::toString);
        assertEquals("signet-monitor FAIL: the answer lists no signer\n", empty.stdout(), empty::toString);

        endpoint.answer("/proxy/__monitor__", 502, "text/html", "<h1>Bad Gateway</h1>\n<p>upstream</p>".getBytes());
        MonitorCli.Run proxy = monitor(endpoint.url("/proxy").toString());
        assertEquals(2, proxy.exitCode(), proxy::toString);
        assertTrue(proxy.stdout().contains("answered HTTP 502: <h1>Bad Gateway</h1> (X-Request-Id monitor-"),
                proxy::toString);
        assertNoStackTrace(garbage);
    }

    @Test
    void refusesBadArgumentsWithExitTwo() throws Exception {
        for (String[] args : new String[][] {{}, {"--warn-days", "soon", "http://127.0.0.1:1"},
                {"ftp://example.invalid"}, {"http://127.0.0.1:1", "http://127.0.0.1:2"}, {"--bogus", "http://x"}}) {
            MonitorCli.Run run = monitor(args);
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.stderr().startsWith("signet-monitor: ") && run.stderr().contains("usage: signet-monitor"),
                    run::toString);
        }
        MonitorCli.Run noKey = MonitorCli.run(Map.of(), signer.url().toString());
        assertEquals(2, noKey.exitCode(), noKey::toString);
        assertTrue(noKey.stderr().startsWith("signet-monitor: SIGNET_MONITOR_HAWK_KEY is not set"), noKey::toString);
        MonitorCli.Run missingRoots = monitor("--roots", work.resolve("nope.pem").toString(), signer.url().toString());
        assertEquals(2, missingRoots.exitCode(), missingRoots::toString);
        assertTrue(missingRoots.stdout().startsWith("signet-monitor FAIL: --roots "), missingRoots::toString);
        MonitorCli.Run help = monitor("--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.stdout().startsWith("usage: signet-monitor [--warn-days N] [--roots PEM_FILE] "
                + "[--timeout SECONDS] URL"), help::toString);
    }

    static void assertNoStackTrace(MonitorCli.Run run) {
        assertFalse((run.stdout() + run.stderr()).contains("\tat "), run::toString);
        assertFalse((run.stdout() + run.stderr()).contains("Exception"), run::toString);
    }

    /** The signer's real answer, fetched as the monitor fetches it. */
    static String fetchMonitorAnswer() throws Exception {
        URI uri = URI.create(signer.url() + "/__monitor__");
        // HTTP/1.1 as the monitor: the x5u the signer answers is made absolute from the Host header.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", HawkClient.header(HawkCredentials.of("monitor", MONITOR_KEY), "GET", uri,
                        "application/json", new byte[0])).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r::body);
        return r.body();
    }

    static String flip(String encoded, Base64.Decoder decoder, Base64.Encoder encoder, int at) {
        byte[] bytes = decoder.decode(encoded);
        int i = at < 0 ? bytes.length + at : Math.min(at, bytes.length - 1);
        bytes[i] ^= 0x01;
        return encoder.encodeToString(bytes);
    }
}
