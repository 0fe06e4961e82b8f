package dev.signet.infra.supervisor;

import dev.signet.infra.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a real {@code sleep} child (or, once told to, a command that dies at once), ready once it has been
 * alive for a moment: a stand-in for a service with a startup phase that can crash.
 */
final class SleepLauncher implements SupervisedProcess.Launcher {

    private final Path log;
    final AtomicInteger starts = new AtomicInteger();
    volatile boolean brokenStartup;

    SleepLauncher(Path log) {
        this.log = log;
    }

    @Override
    public ChildProcess start() throws IOException {
        starts.incrementAndGet();
        List<String> command = brokenStartup ? List.of("sh", "-c", "echo cannot start; exit 3")
                : List.of("sleep", "600");
        return ChildProcess.start("sleep", command, log);
    }

    @Override
    public void awaitReady(ChildProcess child) throws IOException {
        ChildProcess.pause(200);
        if (!child.isAlive()) {
            throw new IOException("sleep: exited during start: " + child.describe());
        }
    }
}
