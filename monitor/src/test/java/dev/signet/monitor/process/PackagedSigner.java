package dev.signet.monitor.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real autograph-signer, as packaged by its module ({@code target/quarkus-app/quarkus-run.jar}), started as a
 * child process on a free loopback port with a test's signer YAML.
 */
public final class PackagedSigner implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedSigner(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static PackagedSigner start(Path work, String name, Path yaml) throws Exception {
        Path jar = Path.of(System.getProperty("signer.jar", "../autograph-signer/target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: package autograph-signer first"
                + " (./mvnw -pl monitor -am verify builds it)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = work.resolve(name + ".log");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
                "-XX:+UseSerialGC", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dsigner.config-file=" + yaml, "-Dsigner.temp-dir=" + work.resolve(name + "-tmp"),
                "-Dsigner.idempotency.dir=" + work.resolve(name + "-idempotency"), "-jar", jar.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PackagedSigner signer = new PackagedSigner(p, log, port);
        signer.awaitReady();
        return signer;
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "signer exited: " + logText());
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url().resolve("/__lbheartbeat__"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("signer not ready after 120 s: " + logText());
    }

    /** The base URL the monitor is given. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
