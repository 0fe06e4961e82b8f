package dev.signet.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Other implementations (openssl, gpg) that make the signatures a test verifies. Missing on a dev box, the test
 * is skipped; with {@code CI=true} it fails, so CI cannot pass without them (.ci/run installs them).
 */
public final class Tools {

    private Tools() {
    }

    public static void require(String tool, String debianPackage) {
        boolean found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        if (!found && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(tool + " is missing (Debian package " + debianPackage + ") and CI=true");
        }
        Assumptions.assumeTrue(found, tool + " is missing (Debian package " + debianPackage + "); skipped");
    }

    /** Runs a command that must succeed; returns what it printed. */
    public static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + ": timed out");
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ":\n" + out);
        return out;
    }
}
