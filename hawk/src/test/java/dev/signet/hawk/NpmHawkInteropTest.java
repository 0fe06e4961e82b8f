package dev.signet.hawk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-for-byte interop with the npm {@code hawk} reference implementation, installed from the npm registry into a
 * temp dir. Without node/npm the test is skipped, except with {@code CI=true} where that is a failure.
 */
class NpmHawkInteropTest {

    static final String NPM_HAWK = "hawk@9.0.2";
    static final HawkCredentials CREDS = HawkCredentials.of("interop-user", "interop test key, grants nothing");

    @TempDir
    static Path dir;

    static Path script;

    @BeforeAll
    static void installNpmHawk() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!commandWorks("node", "--version") || !commandWorks("npm", "--version")) {
            if (ci) {
                fail("node and npm are required for the npm hawk interop test when CI=true");
            }
            Assumptions.abort("node/npm not installed; skipping npm hawk interop");
        }
        Result install = run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(), NPM_HAWK),
                180);
        if (install.exit != 0) {
            if (ci) {
                fail("npm install " + NPM_HAWK + " failed: " + install.output);
            }
            Assumptions.abort("npm install " + NPM_HAWK + " failed (offline?): " + install.output);
        }
        script = dir.resolve("hawk-interop.js");
        try (InputStream in = NpmHawkInteropTest.class.getResourceAsStream("/hawk-interop.js")) {
            Files.write(script, in.readAllBytes());
        }
    }

    @Test
    void npmClientHeadersAreAcceptedByHawkVerifier() throws Exception {
        byte[] json = "[{\"input\":\"Zm9vYmFyYmF6MTIzNGFiY2Q=\"}]".getBytes(StandardCharsets.UTF_8);
        byte[] binary = new byte[] {0, (byte) 0xff, '\n', (byte) 0xe9, 'x'};
        List<String[]> cases = List.of(
                new String[] {"POST", "http://localhost:8000/sign/data", "application/json", b64(json), ""},
                new String[] {"POST", "http://127.0.0.1:8000/sign/hash", "Application/JSON; charset=utf-8", b64(json),
                    "some-app-ext-data"},
                new String[] {"GET", "http://localhost:8000/__monitor__", "application/json", "", ""},
                new String[] {"GET", "http://Signer.Example:8443/auths/a/keyids?x=1&y=%20z", "", "", "a=b, c;d/e"},
                new String[] {"PUT", "https://signer.example/sign/file", "application/octet-stream", b64(binary), ""});
        StringBuilder input = new StringBuilder();
        for (String[] c : cases) {
            input.append(String.join("\t", "client", c[0], c[1], c[2], c[3], c[4])).append('\n');
        }
        List<String> headers = node(input.toString());
        assertEquals(cases.size(), headers.size(), String.join("\n", headers));

        HawkVerifier verifier = new HawkVerifier(Map.of(CREDS.id(), CREDS)::get);
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            URI uri = URI.create(c[1]);
            String hostHeader = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            HawkRequest request = HawkRequest.fromHostHeader(c[0], HawkClient.resource(uri), hostHeader,
                    headers.get(i), c[2]);
            HawkResult result = verifier.verify(request, Base64.getDecoder().decode(c[3]));
            assertTrue(result.ok(), c[1] + ": " + result.message() + " for " + headers.get(i));
        }
    }

    @Test
    void hawkClientHeadersAreAcceptedByNpmServer() throws Exception {
        byte[] json = "[{\"input\":\"aGVsbG8=\",\"keyid\":\"k\"}]".getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create("http://localhost:8000/sign/data?a=1");
        String good = HawkClient.header(CREDS, "POST", uri, "application/json; charset=UTF-8", json);
        String other = HawkClient.header(HawkCredentials.of("interop-user", "wrong"), "POST", uri, "application/json",
                json);
        String tampered = b64("[{\"input\":\"aGVsbG9=\",\"keyid\":\"k\"}]".getBytes(StandardCharsets.UTF_8));
        String stale = HawkClient.header(CREDS, "POST", uri, "application/json", json,
                System.currentTimeMillis() / 1000 - 3600, "old", null);
        String input = String.join("\n",
                line("POST", "/sign/data?a=1", "localhost:8000", "application/json", b64(json), good),
                line("POST", "/sign/data?a=1", "localhost:8000", "application/json", tampered, good),
                line("POST", "/sign/data?a=1", "localhost:8000", "application/json", b64(json), other),
                line("POST", "/sign/data?a=2", "localhost:8000", "application/json", b64(json), good),
                line("POST", "/sign/data?a=1", "localhost:8000", "application/json", b64(json), stale)) + "\n";
        List<String> out = node(input);
        assertEquals(List.of("ok", "error: Bad payload hash", "error: Bad mac", "error: Bad mac",
                "error: Stale timestamp"), out);
    }

    private static String line(String method, String resource, String host, String contentType, String payload,
            String authorization) {
        return String.join("\t", "server", method, resource, host, contentType, payload, authorization);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static List<String> node(String cases) throws Exception {
        Path casesFile = Files.createTempFile(dir, "cases", ".tsv");
        Files.writeString(casesFile, cases);
        Result r = run(List.of("node", script.toString(), dir.resolve("node_modules").toString(),
                casesFile.toString()), 60);
        assertEquals(0, r.exit, r.output);
        List<String> lines = new ArrayList<>();
        for (String l : r.output.split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        // stderr (npm warnings) is drained separately so it does not mix into the parsed output.
        Thread errDrain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // process ended
            }
        });
        errDrain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean commandWorks(String... command) {
        try {
            return run(List.of(command), 30).exit == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
