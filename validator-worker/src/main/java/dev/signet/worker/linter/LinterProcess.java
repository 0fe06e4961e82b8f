package dev.signet.worker.linter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One warm Node process running {@code linter-server.cjs}: addons-linter is loaded once at start, then each
 * {@link #lint} sends one JSON line and waits for one back. Not thread-safe: the pool hands it to one caller at
 * a time. A process that times out or answers out of protocol is {@link #kill killed}, never reused.
 */
final class LinterProcess {

    private static final Logger LOG = Logger.getLogger(LinterProcess.class);
    private static final String SCRIPT = "linter-server.cjs";
    private static final int STDERR_TAIL = 20;
    /** Marks the end of stdout in the line queue (the process closed it, i.e. exited or crashed). */
    private static final String EOF = new String("EOF");

    private final Process process;
    private final ObjectMapper mapper;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final OutputStream stdin;
    private final String linterVersion;
    private long nextId = 1;
    private int files;
    private volatile boolean killed;

    private LinterProcess(Process process, ObjectMapper mapper, Duration startTimeout) throws LinterException {
        this.process = process;
        this.mapper = mapper;
        this.stdin = process.getOutputStream();
        daemon("linter-stdout-" + process.pid(), this::readStdout);
        daemon("linter-stderr-" + process.pid(), this::readStderr);
        JsonNode ready;
        try {
            ready = next(startTimeout, true);
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new LinterException("interrupted while the add-on linter was starting");
        }
        if (!ready.path("ready").asBoolean(false)) {
            kill();
            throw new LinterException("the add-on linter did not start: unexpected first line " + ready);
        }
        this.linterVersion = ready.path("linter").asText();
    }

    /** Starts {@code node linter-server.cjs} in {@code dir} and waits until the linter is loaded. */
    static LinterProcess start(String node, Path dir, ObjectMapper mapper, Duration startTimeout)
            throws LinterException {
        ProcessBuilder builder = new ProcessBuilder(node, dir.resolve(SCRIPT).toString()).directory(dir.toFile());
        // The linter's own logger writes at LOG_LEVEL; it goes to stderr, but keep it quiet and predictable.
        builder.environment().remove("LOG_LEVEL");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LinterException("the add-on linter is not available: cannot run '" + node
                    + "' (Node.js 20+ is required, worker.linter.node)", e);
        }
        return new LinterProcess(process, mapper, startTimeout);
    }

    String linterVersion() {
        return linterVersion;
    }

    long pid() {
        return process.pid();
    }

    int files() {
        return files;
    }

    /** False once killed (destroying is asynchronous: the OS process may still be ending) or exited. */
    boolean isUsable() {
        return !killed && process.isAlive();
    }

    /**
     * Lints one file. Throws when the linter reports that it could not lint it, when it takes longer than
     * {@code timeout} (the process is then killed) or when the process dies meanwhile.
     *
     * @throws InterruptedException the caller gave up: the process is killed, its state is unknown
     */
    JsonNode lint(Path file, List<String> flags, Duration timeout) throws LinterException, InterruptedException {
        long id = nextId++;
        files++;
        ObjectNode request = mapper.createObjectNode().put("id", id).put("file", file.toAbsolutePath().toString());
        flags.forEach(request.putArray("flags")::add);
        try {
            stdin.write(mapper.writeValueAsBytes(request));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            kill();
            throw new LinterException("the add-on linter stopped unexpectedly" + exitDetail(), e);
        }
        JsonNode answer;
        try {
            answer = next(timeout, false);
        } catch (InterruptedException e) {
            kill();
            throw e;
        }
        if (answer.path("id").asLong(-1) != id) {
            kill();
            throw new LinterException("the add-on linter answered out of turn");
        }
        if (!answer.path("ok").asBoolean(false)) {
            LOG.warnf("linter process %d could not lint %s: %s", pid(), file, answer.path("error").asText());
            throw new LinterException("the add-on linter could not read this file: "
                    + answer.path("error").asText("no reason given"));
        }
        return answer.path("result");
    }

    /** Kills the process (and lets its reader threads end); safe to call more than once. */
    void kill() {
        killed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Closes stdin (the server exits when it sees the end) and kills what is still running after a grace. */
    void close() {
        try {
            stdin.close();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    /** The next line from the process, as JSON; {@code starting}: waiting for the ready line. */
    private JsonNode next(Duration timeout, boolean starting) throws LinterException, InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            kill();
            throw new LinterException("the add-on linter did not finish within " + seconds(timeout) + " s"
                    + (starting ? " of starting" : ""));
        }
        if (line == EOF) {
            kill();
            throw new LinterException((starting ? "the add-on linter did not start"
                    : "the add-on linter stopped unexpectedly") + exitDetail());
        }
        try {
            return mapper.readTree(line);
        } catch (IOException e) {
            kill();
            throw new LinterException("the add-on linter answered outside its protocol", e);
        }
    }

    private String exitDetail() {
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String tail;
        synchronized (stderrTail) {
            tail = String.join(" | ", stderrTail);
        }
        String exit = process.isAlive() ? "" : " (exit status " + process.exitValue() + ")";
        LOG.warnf("linter process %d ended%s; its last output: %s", pid(), exit, tail);
        return exit;
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone; EOF below says so
        } finally {
            lines.add(EOF);
        }
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                LOG.debugf("linter process %d: %s", process.pid(), line);
                synchronized (stderrTail) {
                    stderrTail.addLast(line.length() > 500 ? line.substring(0, 500) : line);
                    if (stderrTail.size() > STDERR_TAIL) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
