package dev.signet.e2e;

import dev.signet.infra.process.Ports;
import dev.signet.infra.stack.LocalStack;
import dev.signet.infra.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One local stack at a time for the end-to-end test classes of this JVM, on free ports in a temp data dir. A
 * class that needs other settings (a smaller heap, throttling off) names its variant; the running stack is
 * replaced when the variant changes, so classes of one variant share a stack.
 */
public final class E2eStack {

    static final String DEFAULT = "default";

    private static StackSettings settings;
    private static LocalStack stack;
    private static String variant;
    private static boolean stopHook;

    private E2eStack() {
    }

    public static synchronized LocalStack get() {
        // The browser tests' webhook receiver listens on 127.0.0.1, an internal target for a production server.
        return stack != null ? stack : get(DEFAULT,
                s -> s.withProperty("amo-api", "-Damo.webhooks.allow-private-targets=true"));
    }

    /** The stack of {@code name}, started with {@code tune} applied to fresh settings when not running yet. */
    public static synchronized LocalStack get(String name, UnaryOperator<StackSettings> tune) {
        if (stack != null && name.equals(variant)) {
            return stack;
        }
        if (stack != null) {
            stack.close();
            deleteData();
        }
        if (!stopHook) {
            stopHook = true;
            Runtime.getRuntime().addShutdownHook(new Thread(E2eStack::stop, "stop-e2e-stack"));
        }
        try {
            Path data = Files.createTempDirectory("signet-e2e",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path repo = Path.of(System.getProperty("user.dir")).getParent();
            settings = tune.apply(new StackSettings(data, repo, Ports.free(), Ports.free(), Ports.free(),
                    Ports.free(), Ports.free(), Ports.free(), false));
            stack = null;
            stack = LocalStack.start(settings);
            variant = name;
        } catch (IOException e) {
            throw new UncheckedIOException("e2e: the local stack (" + name + ") did not start", e);
        }
        return stack;
    }

    /** Stops everything and starts it again on the same data: what a user's restart does. */
    static synchronized LocalStack restart() throws IOException {
        get().close();
        stack = LocalStack.start(settings);
        return stack;
    }

    /** Stops this JVM's stack, if any, so that a test can run one of its own (as ./signet up) without two at once. */
    static synchronized void release() {
        stop();
        stack = null;
        settings = null;
        variant = null;
    }

    private static synchronized void stop() {
        if (stack != null) {
            stack.close();
            deleteData();
        }
    }

    /**
     * A stack's data dir holds a PostgreSQL cluster, Kafka logs and, after the large-file test, 200 MB blobs: gone
     * once the stack is, unless {@code SIGNET_TEST_KEEP=1} keeps it for a post-mortem.
     */
    private static void deleteData() {
        if ("1".equals(System.getenv("SIGNET_TEST_KEEP")) || settings == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(settings.dataDir())) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("e2e: could not delete " + settings.dataDir() + ": " + e.getMessage());
        }
    }
}
