package dev.signet.autograph.rest;

import static org.junit.jupiter.api.Assertions.fail;

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
 * The npm {@code hawk} reference client, installed from the npm registry into a temp dir once per JVM. Without
 * node/npm the calling test is skipped, except with {@code CI=true} where that is a failure.
 */
final class NpmHawk {

    static final String PACKAGE = "hawk@9.0.2";
    private static Path dir;

    private NpmHawk() {
    }

    /** Installs npm hawk (once) and copies {@code script} from the test resources next to it. */
    static synchronized Path install(String script) throws IOException, InterruptedException {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (dir == null) {
            if (!works("node", "--version") || !works("npm", "--version")) {
                if (ci) {
                    fail("node and npm are required for the npm hawk tests when CI=true");
                }
                Assumptions.abort("node/npm not installed; skipping npm hawk tests");
            }
            Path d = Files.createTempDirectory("npm-hawk");
            Result r = run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", d.toString(), PACKAGE),
                    180);
            if (r.exit() != 0) {
                if (ci) {
                    fail("npm install " + PACKAGE + " failed: " + r.output());
                }
                Assumptions.abort("npm install " + PACKAGE + " failed (offline?): " + r.output());
            }
            dir = d;
        }
        Path target = dir.resolve(script);
        try (InputStream in = NpmHawk.class.getResourceAsStream("/" + script)) {
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    static Path nodeModules() {
        return dir.resolve("node_modules");
    }

    /** Runs node with the arguments; returns stdout lines, failing the test on a non-zero exit. */
    static List<String> node(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", script.toString(), nodeModules().toString()));
        cmd.addAll(List.of(args));
        Result r = run(cmd, 120);
        if (r.exit() != 0) {
            fail("node " + script.getFileName() + " exited " + r.exit() + ": " + r.output());
        }
        List<String> lines = new ArrayList<>();
        for (String l : r.output().split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        StringBuilder err = new StringBuilder();
        Thread drain = new Thread(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // process ended
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        drain.join(5000);
        return new Result(p.exitValue(), p.exitValue() == 0 ? out : out + err);
    }

    private static boolean works(String... command) {
        try {
            return run(List.of(command), 30).exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
