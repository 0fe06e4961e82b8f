package dev.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.infra.process.Ports;
import dev.signet.infra.stack.DevCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A new user's first five minutes on a machine with only a JDK: {@code ./signet up} as the README says, with no
 * PostgreSQL on the PATH and an empty binaries cache (so the server comes from Maven Central), then every command
 * of the README's "Try it" block as written there, checked against the output the README shows, then the
 * commands the banner points to ({@code status}, {@code env}, {@code logs}) and {@code ./signet down}.
 */
class FirstFiveMinutesE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BANNER_FINGERPRINT = Pattern.compile("SHA-256 ([0-9A-F:]{95})");

    private static Path repo;
    private static Path data;
    private static Path cache;
    private static Path work;
    private static Path upLog;
    private static Process up;
    private static JdkOnlyShell shell;
    private static int amoPort;

    @BeforeAll
    static void startLikeANewUser() throws Exception {
        SignAddonClientE2ETest.Tools.require("curl");
        SignAddonClientE2ETest.Tools.require("openssl");
        E2eStack.release();
        repo = Path.of(System.getProperty("user.dir")).getParent();
        // World-traversable: as root, PostgreSQL runs as another OS user and must reach its data and binaries.
        var open = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
        data = Files.createTempDirectory("signet-first5-data", open);
        cache = Files.createTempDirectory("signet-first5-cache", open);
        work = Files.createTempDirectory("signet-first5-work");
        upLog = work.resolve("up.log");
        amoPort = Ports.free();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SIGNET_DATA", data.toString());
        env.put("SIGNET_CACHE", cache.toString());
        env.put("SIGNET_BUILD", "never");
        env.put("SIGNET_AMO_PORT", String.valueOf(amoPort));
        for (String port : List.of("SIGNET_SIGNER_PORT", "SIGNET_WORKER_PORT", "SIGNET_PG_PORT", "SIGNET_KAFKA_PORT",
                "SIGNET_KAFKA_CONTROLLER_PORT")) {
            env.put(port, String.valueOf(Ports.free()));
        }
        shell = new JdkOnlyShell(repo, env);
        shell.run("! command -v initdb && ! command -v pg_ctl && ! command -v postgres", 10);

        up = shell.start("./signet up", upLog);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.readString(upLog).contains("signet is up")) {
            if (!up.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("./signet up did not come up:\n" + Files.readString(upLog));
            }
            Thread.sleep(500);
        }
    }

    @Test
    void theReadmeExampleRunsAsWrittenOnTheEmbeddedPostgres() throws Exception {
        String banner = Files.readString(upLog);
        assertTrue(banner.contains("embedded, " + cache.toRealPath()) || banner.contains("embedded, " + cache), banner);
        assertFalse(banner.contains("SLF4J"), banner);
        assertFalse(banner.contains("Exception"), banner);
        Matcher fingerprint = BANNER_FINGERPRINT.matcher(banner);
        assertTrue(fingerprint.find(), banner);
        assertTrue(banner.contains(data.resolve("signer/dev-root.pem").toString()), banner);

        String url = null;
        String lastOutput = "";
        for (ReadmeExample.Step step : ReadmeExample.read(repo.resolve("README.md")).steps()) {
            if (step.command().startsWith("./signet up")) {
                continue;
            }
            String command = step.command().replace("http://127.0.0.1:8080", "http://127.0.0.1:" + amoPort)
                    .replace(".signet-data/", data + "/")
                    .replace("hello-signed.xpi", work.resolve("hello-signed.xpi").toString());
            if (command.contains("<files[0].download_url>")) {
                assertTrue(url != null, "the README downloads before any status showed a file");
                command = command.replace("<files[0].download_url>", url);
            }
            lastOutput = runUntilAsPromised(command, step.expected());
            if (lastOutput.contains("\"download_url\"")) {
                url = JSON.readTree(lastOutput.substring(lastOutput.indexOf('{'))).at("/files/0/download_url")
                        .asText();
            }
        }
        assertTrue(Files.size(work.resolve("hello-signed.xpi")) > 0);
        assertTrue(lastOutput.contains("Fingerprint=" + fingerprint.group(1)),
                "the banner's fingerprint is the one openssl prints: " + lastOutput);
    }

    @Test
    void statusEnvAndLogsDescribeTheRunningStack() throws Exception {
        String status = shell.run("./signet status", 60);
        for (String part : List.of("postgres", "kafka", "autograph-signer", "validator-worker", "amo-api")) {
            String line = status.lines().filter(l -> l.startsWith(part + " ")).findFirst().orElse("");
            assertTrue(line.matches(part + "\\s+up\\s+\\d+\\s+\\d+\\s+(ready|listening)\\s+.*"), status);
        }
        DevCredentials credentials = DevCredentials.load(data.resolve("credentials.properties"));
        String fromEnv = shell.run("eval \"$(./signet env)\" && printf '%s\\n%s\\n' \"$SIGNET_API_KEY\" "
                + "\"$SIGNET_API_SECRET\"", 60);
        assertEquals(List.of(credentials.amoApiKey(), credentials.amoApiSecret()), fromEnv.lines().toList());
        assertTrue(shell.run("./signet logs amo-api", 30).contains("amo-api"), "amo-api's log");
        assertTrue(shell.run("./signet logs postgres", 30).contains("database system is ready"), "postgres's log");
    }

    /** A status GET is polled until the output has what the README promises (processing takes seconds). */
    private static String runUntilAsPromised(String command, List<String> expected) throws Exception {
        boolean poll = command.startsWith("curl") && !command.contains("-X ") && !command.contains(" -o ");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(poll ? 120 : 0);
        while (true) {
            String out = shell.run(command, 120);
            List<String> missing = expected.stream().filter(e -> !out.contains(e)).toList();
            if (missing.isEmpty()) {
                return out;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("README: `" + command + "` should print " + missing + ", printed:\n" + out);
            }
            Thread.sleep(1000);
        }
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (up != null && up.isAlive()) {
                shell.run("./signet down", 120);
                assertTrue(up.waitFor(60, TimeUnit.SECONDS), "./signet up exits after ./signet down");
                assertTrue(shell.run("./signet status", 60).lines().skip(1).allMatch(l -> l.contains(" down ")),
                        "every part is down");
            }
        } finally {
            if (up != null) {
                up.destroyForcibly();
            }
            if (!"1".equals(System.getenv("SIGNET_TEST_KEEP"))) {
                for (Path dir : new Path[] {data, cache, work}) {
                    delete(dir);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
