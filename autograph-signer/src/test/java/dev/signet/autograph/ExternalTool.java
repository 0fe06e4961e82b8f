package dev.signet.autograph;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An independent verifier run as a process (gpg, apksigner, osslsigncode, ...). Missing on a dev box, the test
 * is skipped; with {@code CI=true} a missing tool fails the test, so CI cannot pass without verifying.
 */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** The tool's path, or skips/fails the test when it is not installed; {@code pkg} is its Debian package. */
    public static String require(String tool, String pkg) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String message = tool + " is required for this verification (Debian package " + pkg + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " and CI=true");
        }
        Assumptions.assumeTrue(false, message + "; skipped outside CI");
        return null;
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(List<String> command) {
        return run(command, Map.of());
    }

    public static Result run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + ": timed out\n" + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
