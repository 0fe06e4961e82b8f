package dev.signet.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.infra.process.ChildProcess;
import dev.signet.infra.supervisor.PidFile;
import dev.signet.infra.supervisor.SleepSupervisorMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./signet down} after the supervising process itself was killed -9: its children are still stopped. */
class DownTest {

    @TempDir
    Path data;

    @Test
    void downStopsTheChildrenOfASupervisorThatWasKilledMinus9() throws Exception {
        Path pidDir = LocalStack.pidDir(data);
        Process supervisor = new ProcessBuilder(ChildProcess.javaBinary(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), SleepSupervisorMain.class.getName(), pidDir.toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("supervisor.log").toFile()).start();
        PidFile pidFile = PidFile.in(pidDir, "sleep");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (pidFile.live().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Optional<ProcessHandle> child = pidFile.live();
        assertTrue(child.isPresent(), "the supervisor started its child: " + Files.readString(
                data.resolve("supervisor.log")));

        Process kill = new ProcessBuilder(List.of("kill", "-9", Long.toString(supervisor.pid()))).start();
        assertEquals(0, kill.waitFor());
        supervisor.waitFor();
        assertTrue(child.get().isAlive(), "a child outlives a supervisor killed with -9");

        LocalStackMain.down(data);
        child.get().onExit().join();
        assertFalse(child.get().isAlive());
        assertFalse(Files.exists(pidFile.path()), "down removes the pid file");
    }
}
