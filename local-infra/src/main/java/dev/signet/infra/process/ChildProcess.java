package dev.signet.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program with its output appended to a log file, and stops it politely (SIGTERM, then
 * SIGKILL after a grace period). Everything the project starts (PostgreSQL tools, the Kafka broker, the
 * services) goes through here so that failures always name the command and point at its log.
 */
public final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in the background. */
    public static ChildProcess start(String name, List<String> command, Path log) throws IOException {
        return start(name, command, Map.of(), log);
    }

    /** Starts {@code command} in the background with extra environment variables (secrets go here, not argv). */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ChildProcess(name, builder.start(), log);
    }

    /** Runs {@code command} to completion; a non-zero exit or a timeout is an exception quoting the log tail. */
    public static void run(String name, List<String> command, Path log, Duration timeout) throws IOException {
        await(start(name, command, log), timeout);
    }

    /** Like {@link #run(String, List, Path, Duration)}, with {@code input} as the program's standard input. */
    public static void run(String name, List<String> command, Path input, Path log, Duration timeout)
            throws IOException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(input.toFile()).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await(new ChildProcess(name, process, log), timeout);
    }

    private static void await(ChildProcess child, Duration timeout) throws IOException {
        String name = child.name;
        try {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.process.destroyForcibly();
                throw new IOException(name + ": timed out after " + timeout + ": " + child.describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.process.destroyForcibly();
            throw new IOException(name + ": interrupted", e);
        }
        if (child.process.exitValue() != 0) {
            throw new IOException(name + ": exited with " + child.process.exitValue() + ": " + child.describe());
        }
    }

    /** Prefixes {@code command} with {@code runuser -u user --} when {@code user} is not null. */
    public static List<String> as(String user, List<String> command) {
        if (user == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The java launcher of this JVM, for starting the broker and the services on the same JDK. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Sleeps, keeping the interrupt flag when interrupted. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public String name() {
        return name;
    }

    /** Blocks until the process has exited and returns its exit code (128 + n when killed by signal n). */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    public Path log() {
        return log;
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        if (grace.isZero()) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The command name, exit state and the last lines of its log, for error messages. */
    public String describe() {
        String state = process.isAlive() ? "running" : "exit " + process.exitValue();
        return name + " (" + state + "), log " + log + ":\n" + tail(log, 30);
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
