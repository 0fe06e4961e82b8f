package dev.signet.testing.h2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An independent HTTP/2 client for answers given before a request body is read: hyper-h2 in Debian's Python
 * (/usr/bin/python3 with python3-h2), running {@code h2/early_answer.py}. Like nghttp2 it treats a
 * connection-specific header in an HTTP/2 answer as a protocol error. Skipped where it is missing, except on CI.
 */
public final class EarlyAnswerClient {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private EarlyAnswerClient() {
    }

    /** Skips the calling test where python3-h2 is missing; fails instead when CI=true. */
    public static void requireAvailable() throws IOException, InterruptedException {
        String missing = null;
        if (!Files.isExecutable(PYTHON)) {
            missing = PYTHON + " is missing";
        } else if (new ProcessBuilder(PYTHON.toString(), "-c", "import h2").start().waitFor() != 0) {
            missing = "python3-h2 is missing (apt-get install python3-h2)";
        }
        if (missing != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the HTTP/2 client cannot run on CI: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
    }

    /**
     * Sends {@code body} to {@code path} (as a multipart upload, or raw as {@code contentType} when that is not
     * null), then GETs {@code secondPath} on the same connection. Returns the script's JSON line:
     * {@code {"answers": [{"status", "headers", "body", "reset", "ended"}, ...], "goaway": bool}}.
     */
    public static String run(String host, int port, String path, String authorization, Path body,
            String secondPath, String contentType) throws IOException, InterruptedException {
        Path script = Files.createTempFile("early_answer", ".py");
        try {
            try (InputStream in = EarlyAnswerClient.class.getResourceAsStream("/h2/early_answer.py")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), host,
                    String.valueOf(port), path, authorization == null ? "" : authorization, body.toString(),
                    secondPath));
            if (contentType != null) {
                command.add(contentType);
            }
            Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!python.waitFor(60, TimeUnit.SECONDS)) {
                python.destroyForcibly();
                throw new AssertionError("the HTTP/2 client did not finish: " + out);
            }
            if (python.exitValue() != 0) {
                throw new AssertionError("the HTTP/2 client failed: " + out);
            }
            return out.strip();
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
