package dev.signet.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A shell in the repository as a user on a machine without PostgreSQL has it: every PATH entry holding a
 * PostgreSQL server program removed, no {@code PG*} variables, {@code SIGNET_PG_BIN=embedded} (so the installed server of
 * this machine is not found either), an empty binaries cache, and the stack's ports and data dir of this test.
 */
final class JdkOnlyShell {

    // The server programs: Debian's psql wrapper lives in /usr/bin with everything else, and nothing uses it.
    private static final List<String> POSTGRES_PROGRAMS = List.of("initdb", "pg_ctl", "postgres");

    private final Path repo;
    private final Map<String, String> env;

    JdkOnlyShell(Path repo, Map<String, String> stackEnv) {
        this.repo = repo;
        Map<String, String> e = new HashMap<>(System.getenv());
        e.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("SIGNET_"));
        e.put("PATH", withoutPostgres(e.getOrDefault("PATH", "")));
        e.put("SIGNET_PG_BIN", "embedded");
        e.putAll(stackEnv);
        this.env = Map.copyOf(e);
    }

    static String withoutPostgres(String path) {
        return Arrays.stream(path.split(":")).filter(dir -> !dir.isEmpty())
                .filter(dir -> POSTGRES_PROGRAMS.stream().noneMatch(p -> Files.exists(Path.of(dir, p))))
                .collect(Collectors.joining(":"));
    }

    Map<String, String> env() {
        return env;
    }

    /** Starts {@code command} (bash) in the repository with its output appended to {@code log}. */
    Process start(String command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs {@code command} (bash) to completion and returns its output; a non-zero exit fails the test. */
    String run(String command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("signet-shell", ".log");
        try {
            Process process = start(command, log);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + ": timed out:\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + ": exit " + process.exitValue() + ":\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
