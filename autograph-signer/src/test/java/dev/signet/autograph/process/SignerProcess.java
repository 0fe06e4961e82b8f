package dev.signet.autograph.process;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged signer ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package} before failsafe runs)
 * as a child process with an explicit heap, so a test can hold it to a memory bound and kill it with SIGKILL.
 */
final class SignerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private SignerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static SignerProcess start(Path work, String name, String heap, List<String> properties) throws Exception {
        Path jar = Path.of(System.getProperty("signer.jar", "target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run the package phase first");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Dquarkus.http.port=" + port,
                // Plain text, as ./signet up runs it: the audit lines are read back (auditLines).
                "-Dquarkus.log.console.json.enabled=false"));
        properties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = work.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        SignerProcess signer = new SignerProcess(p, log, port);
        signer.awaitReady();
        return signer;
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "signer exited: " + logText());
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri("/__lbheartbeat__"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("signer not ready after 90 s: " + logText());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Peak resident memory (VmHWM) of the process in MiB, from /proc. */
    long peakRssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    long auditLines(String prefix) throws IOException {
        // "... [dev.signet.autograph.audit] (thread) [request id] signed ref=..."
        return logText().lines().filter(l -> l.contains("[dev.signet.autograph.audit]") && l.contains("] " + prefix))
                .count();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as a crash or an OOM killer would do. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
