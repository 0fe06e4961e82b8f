package dev.signet.worker.linter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.model.jobs.Channel;
import dev.signet.worker.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.jboss.logging.Logger;

/**
 * A fixed number of warm linter processes. A caller takes a free one, or waits while all are busy (that wait is
 * the backpressure: no queue of files builds up in front of Node, no extra process is started). A process that
 * hangs past the per-file timeout, dies, or has linted {@code maxFilesPerProcess} files is killed and a fresh
 * one is started in the background, so the next caller finds a warm process again.
 */
public final class LinterPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LinterPool.class);

    private final WorkerConfig.Linter config;
    private final ObjectMapper mapper;
    /** Free slots; a slot whose process is null must start one before use. */
    private final BlockingQueue<Slot> free = new LinkedBlockingQueue<>();
    private final List<Slot> slots = new ArrayList<>();
    private final ExecutorService replacer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "linter-replacer");
        thread.setDaemon(true);
        return thread;
    });
    private final String linterVersion;
    private volatile boolean closed;

    private static final class Slot {
        volatile LinterProcess process;
    }

    /**
     * Starts every process and waits until each has loaded the linter, so a worker without Node or without the
     * installed linter fails at startup, with the setting to fix in the message.
     */
    public LinterPool(WorkerConfig.Linter config, ObjectMapper mapper) throws LinterException {
        if (config.processes() < 1) {
            throw new IllegalArgumentException("worker.linter.processes must be at least 1");
        }
        this.config = config;
        this.mapper = mapper;
        checkInstalled(config.dir());
        String version = null;
        try {
            for (int i = 0; i < config.processes(); i++) {
                Slot slot = new Slot();
                slot.process = LinterProcess.start(config.node(), config.dir(), mapper, config.startTimeout());
                version = slot.process.linterVersion();
                slots.add(slot);
                free.add(slot);
            }
        } catch (LinterException e) {
            close();
            throw e;
        }
        this.linterVersion = version;
        LOG.infof("addons-linter %s ready in %d warm process(es) from %s", version, config.processes(), config.dir());
    }

    /** The addons-linter version the processes loaded. */
    public String linterVersion() {
        return linterVersion;
    }

    /** The flags AMO passes for a version of this channel; no channel counts as unlisted, as it is signed so. */
    public List<String> flags(Channel channel) {
        List<String> flags = new ArrayList<>(config.flags());
        if (channel != Channel.LISTED) {
            flags.addAll(config.unlistedFlags());
        }
        return List.copyOf(flags);
    }

    /** Lints {@code file} with AMO's flags for {@code channel}. */
    public JsonNode lint(Path file, Channel channel) throws LinterException, InterruptedException {
        return lint(file, flags(channel));
    }

    /**
     * Lints {@code file}, waiting for a free process first.
     *
     * @throws LinterException when no verdict could be had: the failed process is already being replaced
     * @throws InterruptedException when the caller gives up (its own timeout); a process in use is killed
     */
    public JsonNode lint(Path file, List<String> flags) throws LinterException, InterruptedException {
        Slot slot = free.take();
        try {
            if (slot.process == null || !slot.process.isUsable()) {
                slot.process = LinterProcess.start(config.node(), config.dir(), mapper, config.startTimeout());
            }
            return slot.process.lint(file, flags, config.timeout());
        } finally {
            release(slot);
        }
    }

    /** Processes free right now (0 = the next caller waits). */
    public int idleProcesses() {
        return free.size();
    }

    /** Pids of the live processes, for tests and diagnostics. */
    public List<Long> pids() {
        return slots.stream().map(s -> s.process).filter(p -> p != null && p.isUsable()).map(LinterProcess::pid)
                .toList();
    }

    /**
     * A usable process goes back to the free slots: it answered, or the linter refused only that file. A killed
     * one (time-out, crash, protocol error) or one that linted its share of files is replaced in the background.
     */
    private void release(Slot slot) {
        LinterProcess process = slot.process;
        if (closed) {
            if (process != null) {
                process.close();
            }
            return;
        }
        boolean retire = process != null && process.files() >= config.maxFilesPerProcess();
        if (process != null && process.isUsable() && !retire) {
            free.add(slot);
            return;
        }
        if (process != null) {
            LOG.infof("linter process %d %s; starting a replacement", process.pid(),
                    retire ? "linted " + process.files() + " files" : "failed");
            if (!retire) {
                process.kill();
            }
        }
        slot.process = null;
        // A retired process is closed off the caller's thread: it may take a moment to exit.
        replacer.execute(() -> {
            if (retire) {
                process.close();
            }
            replace(slot);
        });
    }

    private void replace(Slot slot) {
        try {
            if (!closed) {
                slot.process = LinterProcess.start(config.node(), config.dir(), mapper, config.startTimeout());
            }
        } catch (LinterException e) {
            // The next caller tries again and reports this as its failure.
            LOG.errorf("could not start a replacement linter process: %s", e.getMessage());
        } finally {
            free.add(slot);
        }
    }

    private static void checkInstalled(Path dir) throws LinterException {
        if (!Files.isRegularFile(dir.resolve("linter-server.cjs"))
                || !Files.isRegularFile(dir.resolve("node_modules/addons-linter/package.json"))) {
            throw new LinterException("the add-on linter is not installed in " + dir
                    + " (worker.linter.dir): run validator-worker/src/main/node/install.sh " + dir);
        }
    }

    @Override
    public void close() {
        closed = true;
        replacer.shutdownNow();
        for (Slot slot : slots) {
            LinterProcess process = slot.process;
            if (process != null) {
                process.close();
            }
        }
    }
}
