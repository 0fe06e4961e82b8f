package dev.signet.infra.supervisor;

import java.nio.file.Path;

/** A tiny supervisor process of its own (like {@code ./signet up}) for the test that kills it with -9. */
public final class SleepSupervisorMain {

    private SleepSupervisorMain() {
    }

    public static void main(String[] args) throws Exception {
        Path pidDir = Path.of(args[0]);
        SupervisedProcess.start("sleep", new SleepLauncher(pidDir.resolve("sleep.log")), pidDir, Backoff.DEFAULT,
                System.out::println);
        Thread.sleep(Long.MAX_VALUE);
    }
}
