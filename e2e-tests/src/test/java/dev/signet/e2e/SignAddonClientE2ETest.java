package dev.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.infra.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published npm client {@code sign-addon}, unchanged, pointed at the local stack with {@code apiUrlPrefix}:
 * upload, poll, download — then the downloaded XPI's signature is checked with {@code jarsigner -verify} and
 * OpenSSL against the dev root.
 */
@Order(2)
public class SignAddonClientE2ETest {

    public static final String SIGN_ADDON = "sign-addon@6.4.0";

    @TempDir
    Path work;

    @Test
    void signAddonSignsAWebExtensionEndToEnd() throws Exception {
        Tools.require("node");
        Tools.require("npm");
        Tools.require("jarsigner");
        Tools.require("openssl");
        LocalStack stack = E2eStack.get();
        Path modules = Files.createDirectories(work.resolve("client"));
        Tools.run(List.of("npm", "install", "--prefix", modules.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", SIGN_ADDON), work, Map.of(), 300);
        Path xpi = work.resolve("sign-addon-e2e-1.0.xpi");
        Files.write(xpi, Xpis.webExtension("sign-addon-e2e@signet.example", "1.0"));
        Path script = Files.writeString(modules.resolve("sign.mjs"), """
                import path from 'node:path';
                import { signAddon } from 'sign-addon';
                const result = await signAddon({
                  xpiPath: process.env.XPI, version: '1.0', id: 'sign-addon-e2e@signet.example',
                  apiKey: process.env.AMO_JWT_ISSUER, apiSecret: process.env.AMO_JWT_SECRET,
                  apiUrlPrefix: process.env.AMO_API_PREFIX, timeout: 90000,
                  downloadDir: process.env.DOWNLOAD_DIR, disableProgressBar: true,
                });
                console.log('RESULT ' + JSON.stringify(result));
                process.exit(result.success ? 0 : 1);
                """);
        Path downloads = Files.createDirectories(work.resolve("signed"));
        String output = Tools.run(List.of("node", script.toString()), modules, Map.of(
                "XPI", xpi.toString(),
                "AMO_JWT_ISSUER", stack.credentials().amoApiKey(),
                "AMO_JWT_SECRET", stack.credentials().amoApiSecret(),
                "AMO_API_PREFIX", stack.settings().amoUrl() + "/api/v4",
                "DOWNLOAD_DIR", downloads.toString()), 180);

        String json = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no result from sign-addon:\n" + output)).substring(7);
        JsonNode result = new ObjectMapper().readTree(json);
        assertTrue(result.get("success").asBoolean(), output);
        assertEquals("sign-addon-e2e@signet.example", result.get("id").asText());
        Path signed = Path.of(result.get("downloadedFiles").get(0).asText());
        assertTrue(Files.size(signed) > Files.size(xpi), "the download is the signed XPI");
        try (ZipFile zip = new ZipFile(signed.toFile())) {
            assertTrue(zip.getEntry("META-INF/mozilla.rsa") != null, "PKCS#7 signature present");
            assertTrue(zip.getEntry("META-INF/manifest.mf") != null, "manifest present");
        }
        XpiVerifier.verifyWithJarsignerAndOpenssl(signed, stack.settings().dataDir().resolve("signer/dev-root.pem"),
                work);
    }

    /** Small helpers for external tools: may skip on a dev box without them, never with CI=true. */
    public static final class Tools {
        private Tools() {
        }

        public static void require(String tool) {
            boolean present;
            try {
                present = new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
            } catch (IOException | InterruptedException e) {
                present = false;
            }
            if (!present && "true".equals(System.getenv("CI"))) {
                throw new AssertionError(tool + " is required with CI=true");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(present, tool + " not installed");
        }

        /** Runs {@code command} and returns its output (stderr merged into stdout); fails unless it exits 0. */
        public static String run(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds)
                throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(env);
            Outcome outcome = exec(builder, timeoutSeconds);
            assertEquals(0, outcome.exitCode(), command + " failed:\n" + outcome.stdout());
            return outcome.stdout();
        }

        /**
         * Runs a prepared process to its end whatever its exit code, for tests that assert on a failure too. Output
         * goes through files, so a tool that blocks on a full pipe cannot outlive {@code timeoutSeconds}.
         */
        public static Outcome exec(ProcessBuilder builder, int timeoutSeconds) throws IOException, InterruptedException {
            Path out = Files.createTempFile("signet-e2e-tool", ".out");
            Path err = Files.createTempFile("signet-e2e-tool", ".err");
            try {
                Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(builder.command() + " timed out:\n" + new String(Files.readAllBytes(out))
                            + new String(Files.readAllBytes(err)));
                }
                return new Outcome(process.exitValue(), new String(Files.readAllBytes(out)),
                        new String(Files.readAllBytes(err)));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        /** A finished process: its exit code and what it wrote (stderr is empty when it was merged). */
        public record Outcome(int exitCode, String stdout, String stderr) {

            String all() {
                return "exit code " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
            }
        }
    }
}
