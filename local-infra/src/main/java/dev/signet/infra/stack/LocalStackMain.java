package dev.signet.infra.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./signet up|down}: runs the local stack in the foreground until Ctrl-C (or {@code down} from another
 * terminal, which signals the running stack through its pid file).
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "up";
        Path repo = Path.of(System.getProperty("signet.repo", ".")).toAbsolutePath().normalize();
        Path data = Path.of(System.getProperty("signet.data", repo.resolve(".signet-data").toString()));
        switch (command) {
            case "up" -> up(StackSettings.fromEnvironment(data, repo));
            case "down" -> down(data);
            default -> {
                System.err.println("usage: signet up|down");
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
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
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
        System.out.println(Banner.text(settings, stack.credentials(), (System.nanoTime() - started) / 1_000_000));
        stopped.await();
    }

    private static void down(Path data) throws Exception {
        Optional<ProcessHandle> stack = runningStack(data.resolve("stack.pid"));
        if (stack.isEmpty()) {
            System.out.println("no stack running");
            return;
        }
        stack.get().destroy();
        stack.get().onExit().get();
        System.out.println("stopped stack (pid " + stack.get().pid() + ")");
    }

    private static Optional<ProcessHandle> runningStack(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }
}
