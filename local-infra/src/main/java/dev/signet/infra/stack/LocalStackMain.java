package dev.signet.infra.stack;

import dev.signet.infra.postgres.PostgresServer;
import dev.signet.infra.supervisor.PidFile;
import dev.signet.infra.supervisor.SupervisedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./signet up|down|restart}: runs the local stack in the foreground until Ctrl-C (or {@code down} from
 * another terminal, which signals the running stack through its pid file, then stops whatever the pid files
 * under {@code <data>/pids/} still name: children left behind by an {@code up} that was killed -9).
 */
public final class LocalStackMain {

    // Stopped in this order by down: what uses Kafka and PostgreSQL before them.
    private static final List<String> STOP_ORDER = List.of("amo-api", "validator-worker", "autograph-signer",
            LocalStack.KAFKA);
    private static final Duration GRACE = Duration.ofSeconds(20);

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "up";
        Path repo = Path.of(System.getProperty("signet.repo", ".")).toAbsolutePath().normalize();
        Path data = Path.of(System.getProperty("signet.data", repo.resolve(".signet-data").toString()));
        switch (command) {
            case "up" -> up(StackSettings.fromEnvironment(data, repo));
            case "down" -> down(data);
            case "restart" -> restart(data, args.length > 1 ? args[1] : "");
            case "status" -> System.out.print(StackStatus.text(StackPorts.settings(data, repo)));
            default -> {
                System.err.println("usage: signet up|down|status|restart SERVICE");
                System.exit(2);
            }
        }
    }

    private static void up(StackSettings settings) throws Exception {
        Path pidFile = settings.dataDir().resolve("stack.pid");
        Optional<ProcessHandle> other = runningStack(pidFile);
        if (other.isPresent()) {
            System.err.println("a stack is already running (pid " + other.get().pid() + "): ./signet down");
            System.exit(1);
        }
        System.out.println("starting PostgreSQL, Kafka, autograph-signer, validator-worker, amo-api ...");
        long started = System.nanoTime();
        LocalStack stack;
        try {
            stack = LocalStack.start(settings);
        } catch (IOException e) {
            System.err.println("\nstart failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        new PidFile(pidFile).write(ProcessHandle.current());
        StackPorts.write(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping ...");
            stack.close();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // best effort
            }
            System.out.println("stopped; data kept in " + settings.dataDir());
            stopped.countDown();
        }, "signet-stop"));
        System.out.println(Banner.text(settings, stack.credentials(), stack.postgres().binaries(),
                (System.nanoTime() - started) / 1_000_000));
        stopped.await();
    }

    static void down(Path data) throws Exception {
        Optional<ProcessHandle> stack = runningStack(data.resolve("stack.pid"));
        if (stack.isPresent()) {
            stack.get().destroy();
            stack.get().onExit().get();
            System.out.println("stopped stack (pid " + stack.get().pid() + ")");
        }
        int leftovers = 0;
        for (PidFile pidFile : pidFiles(data)) {
            Optional<ProcessHandle> child = pidFile.live();
            if (child.isPresent()) {
                stop(child.get());
                System.out.println("stopped " + pidFile.name() + " (pid " + child.get().pid() + ")");
                leftovers++;
            }
            pidFile.delete();
        }
        if (PostgresServer.stopIfRunning(data.resolve("postgres"))) {
            System.out.println("stopped postgres");
            leftovers++;
        }
        if (stack.isEmpty() && leftovers == 0) {
            System.out.println("no stack running");
        }
    }

    /** The pid files in stop order: known children first, then any other. */
    private static List<PidFile> pidFiles(Path data) throws IOException {
        Path dir = LocalStack.pidDir(data);
        List<PidFile> files = new ArrayList<>();
        for (String name : STOP_ORDER) {
            files.add(PidFile.in(dir, name));
        }
        if (Files.isDirectory(dir)) {
            try (var listing = Files.list(dir)) {
                listing.filter(p -> p.getFileName().toString().endsWith(".pid")).map(PidFile::new)
                        .filter(p -> !STOP_ORDER.contains(p.name())).forEach(files::add);
            }
        }
        return files;
    }

    private static void stop(ProcessHandle process) throws InterruptedException, ExecutionException {
        process.destroy();
        try {
            process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().get();
        }
    }

    /**
     * {@code ./signet restart SERVICE}: asks the running stack's supervisor to restart one child (SIGTERM; the
     * supervisor sees the request file and starts it again at once, recording the new pid).
     */
    private static void restart(Path data, String name) throws Exception {
        if (runningStack(data.resolve("stack.pid")).isEmpty()) {
            System.err.println("no stack running (./signet up)");
            System.exit(1);
        }
        Path dir = LocalStack.pidDir(data);
        PidFile pidFile = PidFile.in(dir, name);
        Optional<ProcessHandle> child = pidFile.live();
        if (child.isEmpty()) {
            System.err.println("signet: no running child named '" + name + "' (have: " + STOP_ORDER + ")");
            System.exit(2);
        }
        Files.writeString(SupervisedProcess.restartRequest(dir, name), "");
        stop(child.get());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> next = pidFile.live();
            if (next.isPresent() && next.get().pid() != child.get().pid()) {
                System.out.println("restarted " + name + ": pid " + child.get().pid() + " -> " + next.get().pid()
                        + " (wait for /q/health/ready; progress in the ./signet up console)");
                return;
            }
            Thread.sleep(200);
        }
        System.err.println("signet: " + name + " was stopped but not started again within 2 minutes");
        System.exit(1);
    }

    private static Optional<ProcessHandle> runningStack(Path pidFile) throws IOException {
        return new PidFile(pidFile).live();
    }
}
