package dev.signet.e2e;

import dev.signet.infra.process.Ports;
import dev.signet.infra.stack.LocalStack;
import dev.signet.infra.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** One local stack for all end-to-end test classes of this JVM, on free ports in a temp data dir. */
final class E2eStack {

    private static StackSettings settings;
    private static LocalStack stack;

    private E2eStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path data = Files.createTempDirectory("signet-e2e",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                Path repo = Path.of(System.getProperty("user.dir")).getParent();
                settings = new StackSettings(data, repo, Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                        Ports.free(), Ports.free(), false);
                stack = LocalStack.start(settings);
            } catch (IOException e) {
                throw new UncheckedIOException("e2e: the local stack did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.close(), "stop-e2e-stack"));
        }
        return stack;
    }

    /** Stops everything and starts it again on the same data: what a user's restart does. */
    static synchronized LocalStack restart() throws IOException {
        get().close();
        stack = LocalStack.start(settings);
        return stack;
    }
}
