package dev.signet.infra.supervisor;

import dev.signet.infra.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Keeps one child process running. When the child exits without having been stopped on purpose (a crash, a
 * {@code kill -9} from outside, an operator's {@code ./signet restart}), it is started again after a
 * {@link Backoff}; each event is one line on the console and in the child's own log. A child that keeps dying
 * at startup is reported with its count and retried ever more slowly. The pid file is rewritten at every start.
 *
 * <p>{@link #stop} and {@link #restart} are deliberate: the supervisor never restarts what was stopped on
 * purpose, so tests that crash a service themselves keep control of it.
 */
public final class SupervisedProcess implements AutoCloseable {

    /** How to (re)start the child: {@code start} launches it, {@code awaitReady} returns once it serves. */
    public interface Launcher {
        ChildProcess start() throws IOException;

        void awaitReady(ChildProcess child) throws IOException;
    }

    private static final int SIGKILL_EXIT = 137;
    private static final int SIGTERM_EXIT = 143;

    private final String name;
    private final Launcher launcher;
    private final PidFile pidFile;
    private final Path restartRequest;
    private final Backoff backoff;
    private final Consumer<String> console;
    private final Thread watcher;

    // Guarded by this. generation changes on every deliberate stop or restart, which cancels a pending
    // automatic restart; handled is the last child whose exit the watcher has dealt with.
    private ChildProcess current;
    private ChildProcess handled;
    private boolean wanted = true;
    private boolean closed;
    private long generation;
    private Instant readySince;
    private long readyNanos;
    private int crashesInARow;

    private SupervisedProcess(String name, Launcher launcher, Path pidDir, Backoff backoff, Consumer<String> console) {
        this.name = name;
        this.launcher = launcher;
        this.pidFile = PidFile.in(pidDir, name);
        this.restartRequest = restartRequest(pidDir, name);
        this.backoff = backoff;
        this.console = console;
        this.watcher = new Thread(this::watch, "supervise-" + name);
        this.watcher.setDaemon(true);
    }

    /** Starts the child, waits until it is ready, then supervises it. A failed first start leaves nothing running. */
    public static SupervisedProcess start(String name, Launcher launcher, Path pidDir, Backoff backoff,
            Consumer<String> console) throws IOException {
        SupervisedProcess supervised = new SupervisedProcess(name, launcher, pidDir, backoff, console);
        ChildProcess child = supervised.spawn(0, launcher);
        try {
            supervised.awaitReady(child, launcher);
        } catch (IOException | RuntimeException e) {
            child.stop(Duration.ZERO);
            supervised.pidFile.delete();
            throw e;
        }
        supervised.watcher.start();
        return supervised;
    }

    /** The file whose presence tells the supervisor that the next exit of {@code name} was asked for. */
    public static Path restartRequest(Path pidDir, String name) {
        return pidDir.resolve(name + ".restart");
    }

    public String name() {
        return name;
    }

    /** How the supervisor starts this child after a crash. */
    public Launcher launcher() {
        return launcher;
    }

    /** The pid of the current child (which may be starting or already dead), or -1 before the first start. */
    public synchronized long pid() {
        return current == null ? -1 : current.pid();
    }

    public synchronized boolean isRunning() {
        return wanted && current != null && current.isAlive() && readySince != null;
    }

    /**
     * Waits until a child other than {@code previousPid} is ready (after a crash and the supervisor's restart)
     * and returns when it became ready.
     */
    public synchronized Instant awaitBack(long previousPid, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current == null || current.pid() == previousPid || readySince == null || !current.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException(name + ": not back within " + timeout + " (pid " + pid() + ")");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return readySince;
    }

    /** Stops the child on purpose (SIGTERM, SIGKILL after {@code grace}; zero = SIGKILL): it stays stopped. */
    public void stop(Duration grace) {
        ChildProcess child;
        synchronized (this) {
            wanted = false;
            generation++;
            child = current;
            notifyAll();
        }
        if (child != null) {
            child.stop(grace);
        }
        pidFile.delete();
    }

    /** Stops the child on purpose and starts it with {@code with} (this run only), waiting until it is ready. */
    public void restart(Launcher with) throws IOException {
        stop(Duration.ofSeconds(20));
        long gen;
        synchronized (this) {
            wanted = true;
            generation++;
            gen = generation;
            crashesInARow = 0;
        }
        ChildProcess child = spawn(gen, with);
        if (child == null) {
            throw new IOException(name + ": closed while restarting");
        }
        try {
            awaitReady(child, with);
        } catch (IOException | RuntimeException e) {
            // Leave it to the supervisor: it sees the exit as a crash at startup and backs off.
            child.stop(Duration.ZERO);
            throw e;
        }
    }

    /** Starts a child unless a deliberate stop or restart happened since {@code expectedGeneration}. */
    private synchronized ChildProcess spawn(long expectedGeneration, Launcher with) throws IOException {
        if (closed || !wanted || generation != expectedGeneration) {
            return null;
        }
        ChildProcess child = with.start();
        current = child;
        readySince = null;
        pidFile.write(child.handle());
        notifyAll();
        return child;
    }

    private void awaitReady(ChildProcess child, Launcher with) throws IOException {
        with.awaitReady(child);
        synchronized (this) {
            if (current == child) {
                readySince = Instant.now();
                readyNanos = System.nanoTime();
                notifyAll();
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                ChildProcess child;
                long gen;
                synchronized (this) {
                    while (!closed && (!wanted || current == null || current == handled)) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                    child = current;
                    gen = generation;
                }
                int exit = child.awaitExit();
                Duration delay;
                boolean atStartup;
                synchronized (this) {
                    handled = child;
                    if (closed || !wanted || current != child || generation != gen) {
                        continue;
                    }
                    atStartup = readySince == null;
                    boolean ranStable = !atStartup
                            && System.nanoTime() - readyNanos >= backoff.stable().toNanos();
                    crashesInARow = ranStable ? 1 : crashesInARow + 1;
                    delay = backoff.delay(crashesInARow - 1);
                }
                if (Files.deleteIfExists(restartRequest)) {
                    report(child, "stopped (" + exitText(exit) + ") on request; restarting now");
                    delay = Duration.ZERO;
                } else if (atStartup) {
                    report(child, "crashed at startup (" + exitText(exit) + "), " + crashesInARow
                            + " crash(es) in a row; next start in " + seconds(delay) + " — see " + child.log());
                } else {
                    report(child, "exited unexpectedly (" + exitText(exit) + "); restarting in " + seconds(delay));
                }
                restartAfter(delay, gen);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            console.accept("signet: " + name + ": supervisor stopped: " + e);
        }
    }

    private void restartAfter(Duration delay, long gen) throws InterruptedException, IOException {
        synchronized (this) {
            long until = System.nanoTime() + delay.toNanos();
            while (!closed && wanted && generation == gen && System.nanoTime() < until) {
                wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            }
        }
        long started = System.nanoTime();
        ChildProcess next;
        try {
            next = spawn(gen, launcher);
        } catch (IOException e) {
            console.accept("signet: " + name + ": could not be started: " + e.getMessage());
            return;
        }
        if (next == null) {
            return;
        }
        try {
            awaitReady(next, launcher);
            report(next, "restarted, ready (pid " + next.pid() + ") after " + seconds(
                    Duration.ofNanos(System.nanoTime() - started)));
        } catch (IOException e) {
            // The watcher sees this exit next and counts it as a crash at startup.
            next.stop(Duration.ZERO);
        }
    }

    private void report(ChildProcess child, String what) {
        String line = "signet: " + name + " (pid " + child.pid() + ") " + what;
        console.accept(line);
        try {
            Files.writeString(child.log(), Instant.now() + " " + line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the console line is the one that matters
        }
    }

    private static String exitText(int exit) {
        return switch (exit) {
            case SIGKILL_EXIT -> "killed by SIGKILL";
            case SIGTERM_EXIT -> "terminated by SIGTERM";
            default -> "exit code " + exit;
        };
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** Stops the child on purpose and ends supervision. */
    @Override
    public void close() {
        close(Duration.ofSeconds(20));
    }

    /** Like {@link #close()} with the child's own stop grace period. */
    public void close(Duration grace) {
        stop(grace);
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        watcher.interrupt();
    }
}
