package dev.signet.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An image's unpacked root filesystem, run as its runtime config says (user, environment, working directory,
 * entrypoint) with the root read-only and only /tmp writable: {@code run-read-only.sh}.
 */
final class ReadOnlyRoot {

    private final Path script;
    private final Path rootfs;
    private final JsonNode runConfig;

    ReadOnlyRoot(Path bundle, JsonNode runConfig, Path work) throws IOException {
        this.rootfs = bundle.resolve("rootfs");
        this.runConfig = runConfig;
        this.script = work.resolve("run-read-only.sh");
        try (InputStream in = ReadOnlyRoot.class.getResourceAsStream("/run-read-only.sh")) {
            Files.write(script, in.readAllBytes());
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    /** The command line running {@code command} (the image's entrypoint when empty) with {@code env} added. */
    List<String> command(Path configDir, Map<String, String> env, List<String> command) {
        return command(runConfig.path("User").asText(), configDir, env, command);
    }

    private List<String> command(String user, Path configDir, Map<String, String> env, List<String> command) {
        List<String> line = new ArrayList<>(List.of(script.toString(), rootfs.toString(),
                configDir == null ? "-" : configDir.toString(), runConfig.path("WorkingDir").asText("/"), user));
        runConfig.path("Env").forEach(e -> line.add(e.asText()));
        env.forEach((k, v) -> line.add(k + "=" + v));
        line.add("--");
        if (command.isEmpty()) {
            runConfig.path("Entrypoint").forEach(e -> line.add(e.asText()));
        } else {
            line.addAll(command);
        }
        return line;
    }

    /** Runs {@code command} to completion and returns its output (standard error included). */
    String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        return Tools.run(command(null, env, List.of(command)));
    }

    /** As {@link #run}, as root: what the read-only mount refuses, not what file ownership does. */
    String runAsRoot(String... command) throws IOException, InterruptedException {
        return Tools.run(command("0:0", null, Map.of(), List.of(command)));
    }
}
