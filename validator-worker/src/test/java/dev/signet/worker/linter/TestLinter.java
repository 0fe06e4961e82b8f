package dev.signet.worker.linter;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.worker.config.TestConfig;
import dev.signet.worker.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real addons-linter the build installed into {@code target/linter} (src/main/node/install.sh, run by Maven
 * in generate-resources). Without Node.js or the installed linter a test is skipped, except with {@code CI=true},
 * where that is a failure.
 */
public final class TestLinter {

    private TestLinter() {
    }

    /** The installed linter's directory (worker.linter.dir). */
    public static Path dir() {
        Path dir = Path.of(System.getProperty("user.dir"), "target", "linter").toAbsolutePath();
        String missing = null;
        if (!works("node", "--version")) {
            missing = "node (Node.js 20+) is not installed";
        } else if (!Files.isRegularFile(dir.resolve("node_modules/addons-linter/package.json"))) {
            missing = "addons-linter is not installed in " + dir
                    + " (run ./mvnw -pl validator-worker generate-resources)";
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing + "; the linter tests need it with CI=true");
            }
            Assumptions.abort(missing + "; skipping the linter tests");
        }
        return dir;
    }

    /** The CLI of the same installation, to get the reference verdict for a file. */
    public static Path cli() {
        return dir().resolve("node_modules/.bin/addons-linter");
    }

    /** The linter settings with the real installation and {@code overrides} (keys without "worker.linter."). */
    public static WorkerConfig.Linter config(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of("worker.linter.dir", dir().toString(),
                "worker.storage.root", "unused", "worker.signer.url", "http://127.0.0.1:1",
                "worker.signer.hawk-id", "unused", "worker.signer.hawk-key", "unused"));
        overrides.forEach((k, v) -> properties.put("worker.linter." + k, v));
        return TestConfig.worker(properties).linter();
    }

    public static LinterPool pool(Map<String, String> overrides) throws LinterException {
        return new LinterPool(config(overrides), new ObjectMapper());
    }

    /**
     * About 3 MB of plain functions: ESLint takes seconds on it, long enough for a test to time it out, kill its
     * process or wait behind it.
     */
    public static String slowScript() {
        StringBuilder js = new StringBuilder();
        for (int i = 0; js.length() < 3 << 20; i++) {
            js.append("function f").append(i).append("(a, b) { if (a > b) { return [a, b].map(x => x * ").append(i)
                    .append("); } return { a, b, s: `${a}-${b}` }; }\n");
        }
        return js.toString();
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
