package dev.signet.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built images (images/target/*.tar), checked as a runtime would take them: their config (user 10001,
 * entrypoint, JVM defaults, labels, ports), their layers, and the signer and the worker's Node.js run from the
 * unpacked root filesystem mounted read-only with only /tmp writable.
 */
class ServiceImagesITCase {

    private static final Path TARGET = Path.of(System.getProperty("signet.images.dir", "target"));
    private static final Path REPO = Path.of(System.getProperty("signet.repo", ".."));
    private static final String VERSION = System.getProperty("signet.images.version", "");
    private static final String REVISION = System.getProperty("signet.images.revision", "");
    private static final Map<String, Integer> PORTS =
            Map.of("amo-api", 8080, "autograph-signer", 8000, "validator-worker", 8082);

    private static final Map<String, OciArchive> ARCHIVES = new HashMap<>();

    @TempDir
    static Path work;

    @BeforeAll
    static void tools() throws IOException, InterruptedException {
        Tools.require("tar", "umoci", "unshare", "chroot", "mount");
    }

    @Test
    void everyImageRunsItsServiceAsUser10001WithJvmDefaultsLabelsAndPort() throws Exception {
        for (Map.Entry<String, Integer> service : PORTS.entrySet()) {
            String name = service.getKey();
            OciArchive image = archive(name);
            JsonNode config = image.runConfig();
            assertEquals("signet/" + name + ":" + VERSION, image.reference());
            assertEquals("10001:10001", config.path("User").asText(), name);
            assertEquals(List.of("java", "-jar", "/app/quarkus-run.jar"), strings(config.path("Entrypoint")), name);
            assertEquals(Set.of(service.getValue() + "/tcp"), names(config.path("ExposedPorts")), name);
            assertTrue(strings(config.path("Env")).stream().anyMatch(e -> e.startsWith(
                    "JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError")), name);
            assertTrue(config.path("Volumes").isEmpty(), name + ": a volume would be a writable path besides /tmp");
            JsonNode labels = config.path("Labels");
            assertEquals("signet/" + name, labels.path("org.opencontainers.image.title").asText());
            assertEquals(VERSION, labels.path("org.opencontainers.image.version").asText());
            assertEquals(REVISION, labels.path("org.opencontainers.image.revision").asText());
            assertFalse(labels.path("org.opencontainers.image.source").asText().isEmpty(), name);
            assertAppApartFromDependencies(name, image.layerEntries());
        }
    }

    /** The application's own jar changes on every commit: it must not share a layer with the libraries. */
    private static void assertAppApartFromDependencies(String name, List<List<String>> layers) {
        String appJar = "app/app/" + name + "-" + VERSION + ".jar";
        List<String> appLayer = layers.stream().filter(l -> l.contains(appJar)).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no layer holds " + appJar));
        assertTrue(appLayer.stream().noneMatch(f -> f.startsWith("app/lib/main/") && f.endsWith(".jar")),
                name + ": the application layer also holds libraries");
        assertTrue(layers.stream().anyMatch(l -> l.stream().anyMatch(f -> f.startsWith("app/lib/main/io.quarkus."))),
                name + ": no layer holds the Quarkus libraries");
    }

    @Test
    void onlyTmpIsWritableEvenForRoot() throws Exception {
        String probe = unpacked("amo-api").runAsRoot("sh", "-c",
                "for d in / /app /etc /tmp; do if touch $d/probe 2>/dev/null; then echo \"$d writable\"; fi; done");
        assertEquals(List.of("/tmp writable"), probe.lines().toList());
    }

    @Test
    void jvmSizesItsHeapFromTheContainerLimitUnlessJavaToolOptionsSetsOne() throws Exception {
        ReadOnlyRoot root = unpacked("autograph-signer");
        String defaults = root.run(Map.of(), "java", "-XX:+PrintFlagsFinal", "-version");
        assertEquals("75.000000", flag(defaults, "MaxRAMPercentage"));
        assertEquals("true", flag(defaults, "ExitOnOutOfMemoryError"));
        assertEquals("true", flag(defaults, "UseSerialGC"));
        String explicit = root.run(Map.of("JAVA_TOOL_OPTIONS", "-Xmx96m"), "java", "-XX:+PrintFlagsFinal", "-version");
        assertEquals(String.valueOf(96L * 1024 * 1024), flag(explicit, "MaxHeapSize"));
    }

    @Test
    void signerStartsFromAReadOnlyRootAndAnswersItsHealthChecks() throws Exception {
        ReadOnlyRoot root = unpacked("autograph-signer");
        Path config = Files.createDirectories(work.resolve("signer-config"));
        Files.writeString(config.resolve("autograph-signer.yaml"), signerYaml());
        int port = freePort();
        Path log = work.resolve("signer.log");
        Process signer = new ProcessBuilder(root.command(config, Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "SIGNER_CONFIG_FILE", "/etc/signet/autograph-signer.yaml"), List.of()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            assertEquals(200, awaitStatus(http, signer, log, "http://127.0.0.1:" + port + "/__heartbeat__"));
            for (String path : List.of("/q/health/live", "/q/health/ready", "/__lbheartbeat__")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), path + ": " + answer.body());
            }
            // The monitor image, as its CronJob runs it: the entrypoint with the signer's URL appended (exit 0 = OK).
            List<String> entrypoint = strings(archive("monitor").runConfig().path("Entrypoint"));
            assertEquals(List.of("java", "-jar", "/app/signet-monitor.jar"), entrypoint);
            List<String> command = new java.util.ArrayList<>(entrypoint);
            command.add("http://127.0.0.1:" + port);
            String report = unpacked("monitor").run(Map.of("SIGNET_MONITOR_HAWK_KEY", "m".repeat(40)),
                    command.toArray(String[]::new));
            assertTrue(report.contains("image-test-p384") && report.contains("signet-monitor OK"), report);
        } finally {
            signer.destroy();
            if (!signer.waitFor(20, TimeUnit.SECONDS)) {
                signer.destroyForcibly().waitFor();
            }
        }
        String output = Files.readString(log);
        assertTrue(output.contains("Picked up JDK_JAVA_OPTIONS"), output);
        assertFalse(output.contains("Read-only file system"), output);
    }

    @Test
    void workerImageHasNode20AndThePinnedAddonsLinter() throws Exception {
        ReadOnlyRoot root = unpacked("validator-worker");
        String node = root.run(Map.of(), "node", "--version").trim();
        Matcher major = Pattern.compile("v(\\d+)\\.").matcher(node);
        assertTrue(major.find() && Integer.parseInt(major.group(1)) >= 20, "node " + node);
        JsonNode pinned = new ObjectMapper().readTree(
                REPO.resolve("validator-worker/src/main/node/package.json").toFile());
        String linter = root.run(Map.of(), "node", "/app/linter/node_modules/addons-linter/bin/addons-linter",
                "--version");
        assertEquals(pinned.path("dependencies").path("addons-linter").asText(), linter.trim());
        assertTrue(strings(archive("validator-worker").runConfig().path("Env")).contains("WORKER_LINTER_DIR=/app/linter"));
    }

    /** Each archive is extracted once for all the tests. */
    private static synchronized OciArchive archive(String name) throws IOException, InterruptedException {
        OciArchive image = ARCHIVES.get(name);
        if (image == null) {
            image = OciArchive.open(TARGET.resolve(name + ".tar"), work.resolve("layout-" + name));
            ARCHIVES.put(name, image);
        }
        return image;
    }

    private static ReadOnlyRoot unpacked(String name) throws IOException, InterruptedException {
        OciArchive image = archive(name);
        Path bundle = work.resolve("bundle-" + name);
        if (!Files.exists(bundle)) {
            image.unpack(bundle);
        }
        return new ReadOnlyRoot(bundle, image.runConfig(), work);
    }

    private static int awaitStatus(HttpClient http, Process process, Path log, String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited (" + process.exitValue() + "):\n" + Files.readString(log));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        throw new AssertionError(url + ": no answer within 90 s:\n" + Files.readString(log));
    }

    /** A contentsignature signer with a fresh P-384 key, one Hawk authorization and the monitoring key. */
    private static String signerYaml() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";
        return """
                signers:
                  - id: image-test-p384
                    type: contentsignature
                    privatekey: |
                %s
                authorizations:
                  - id: image-test
                    key: %s
                    signers: [image-test-p384]
                monitoring:
                  key: %s
                """.formatted(pem.indent(6).stripTrailing(), "k".repeat(40), "m".repeat(40));
    }

    private static String flag(String printFlagsFinal, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s+=\\s+(\\S+)").matcher(printFlagsFinal);
        if (!m.find()) {
            throw new AssertionError(name + " not in -XX:+PrintFlagsFinal:\n" + printFlagsFinal);
        }
        return m.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
