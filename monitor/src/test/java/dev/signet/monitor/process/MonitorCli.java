package dev.signet.monitor.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code signet-monitor} run as its own process, as a CronJob runs it: the exit code and what it printed. */
public final class MonitorCli {

    /** What one run printed and returned. */
    public record Run(int exitCode, String stdout, String stderr) {

        /** The report line of one signer ({@code RESULT id type days detail}). */
        public String line(String signerId) {
            return stdout.lines().filter(l -> l.split("\\s+").length > 1 && l.split("\\s+")[1].equals(signerId))
                    .findFirst().orElseThrow(() -> new AssertionError("no line for " + signerId + " in:\n" + this));
        }

        public String summary() {
            return stdout.lines().filter(l -> l.startsWith("signet-monitor ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no summary line in:\n" + this));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private MonitorCli() {
    }

    public static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.signet.monitor.MonitorMain"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("SIGNET_MONITOR_HAWK_KEY");
        pb.environment().remove("SIGNET_MONITOR_HAWK_ID");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("monitor-out", ".txt");
        Path err = Files.createTempFile("monitor-err", ".txt");
        try {
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("signet-monitor did not finish in 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
