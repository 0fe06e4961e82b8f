package dev.signet.infra.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with a real child process ({@code sleep}), killed with a real {@code kill -9}. */
class SupervisedProcessTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800),
            Duration.ofSeconds(30));
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aChildKilledFromOutsideIsRestartedWithANewPidFile() throws Exception {
        SleepLauncher launcher = new SleepLauncher(dir.resolve("sleep.log"));
        try (SupervisedProcess sleep = SupervisedProcess.start("sleep", launcher, dir, FAST, console::add)) {
            long first = sleep.pid();
            assertEquals(first, PidFile.in(dir, "sleep").pid());
            kill9(first);
            sleep.awaitBack(first, WAIT);
            long second = sleep.pid();
            assertNotEquals(first, second);
            assertEquals(second, PidFile.in(dir, "sleep").pid(), "the pid file names the new child");
            assertTrue(PidFile.in(dir, "sleep").live().isPresent());
            assertTrue(ProcessHandle.of(first).map(p -> !p.isAlive()).orElse(true));
            String log = Files.readString(dir.resolve("sleep.log"));
            assertTrue(log.contains("exited unexpectedly (killed by SIGKILL)"), log);
            // The supervisor says so just after the new child is visible: wait for the line, not only the pid.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!consoleHas("restarted, ready (pid " + second + ")") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(consoleHas("restarted, ready (pid " + second + ")"), console.toString());
        }
        assertFalse(Files.exists(dir.resolve("sleep.pid")), "close removes the pid file");
    }

    @Test
    void aChildStoppedOnPurposeStaysStoppedUntilRestarted() throws Exception {
        SleepLauncher launcher = new SleepLauncher(dir.resolve("sleep.log"));
        try (SupervisedProcess sleep = SupervisedProcess.start("sleep", launcher, dir, FAST, console::add)) {
            long first = sleep.pid();
            sleep.stop(Duration.ZERO);
            ProcessHandle.of(first).ifPresent(p -> p.onExit().join());
            // Several backoff periods: a supervisor that restarted it would have done so by now.
            Thread.sleep(FAST.max().toMillis() * 2);
            assertEquals(1, launcher.starts.get(), "not restarted: " + console);
            assertFalse(sleep.isRunning());
            assertFalse(Files.exists(dir.resolve("sleep.pid")));

            sleep.restart(launcher);
            assertTrue(sleep.isRunning());
            assertNotEquals(first, PidFile.in(dir, "sleep").pid());
            kill9(sleep.pid());
            sleep.awaitBack(PidFile.in(dir, "sleep").pid(), WAIT);
            assertEquals(3, launcher.starts.get(), "after a deliberate restart it is supervised again");
        }
    }

    @Test
    void aChildThatKeepsCrashingAtStartupIsReportedWithAGrowingBackoff() throws Exception {
        SleepLauncher launcher = new SleepLauncher(dir.resolve("sleep.log"));
        try (SupervisedProcess sleep = SupervisedProcess.start("sleep", launcher, dir, FAST, console::add)) {
            launcher.brokenStartup = true;
            kill9(sleep.pid());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (startupCrashes().size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<Double> delays = startupCrashes();
            assertTrue(delays.size() >= 4, console.toString());
            assertTrue(delays.get(1) > delays.get(0), "backoff grows: " + delays);
            assertEquals(FAST.max().toMillis() / 1000.0, delays.get(2), "capped: " + delays);
            assertEquals(FAST.max().toMillis() / 1000.0, delays.get(3), "capped: " + delays);
            assertTrue(console.stream().anyMatch(l -> l.contains("3 crash(es) in a row")), console.toString());

            launcher.brokenStartup = false;
            sleep.awaitBack(-1, WAIT);
            assertTrue(sleep.isRunning(), "it comes back once it can start");
        }
    }

    @Test
    void aRequestedRestartIsImmediateAndNotACrash() throws Exception {
        SleepLauncher launcher = new SleepLauncher(dir.resolve("sleep.log"));
        try (SupervisedProcess sleep = SupervisedProcess.start("sleep", launcher, dir, FAST, console::add)) {
            long first = sleep.pid();
            Files.writeString(SupervisedProcess.restartRequest(dir, "sleep"), "");
            ProcessHandle.of(first).orElseThrow().destroy();
            sleep.awaitBack(first, WAIT);
            assertTrue(console.stream().anyMatch(l -> l.contains("on request; restarting now")), console.toString());
            assertFalse(Files.exists(SupervisedProcess.restartRequest(dir, "sleep")));
        }
    }

    private List<Double> startupCrashes() {
        Pattern next = Pattern.compile("crashed at startup .* next start in ([0-9.]+) s");
        List<Double> delays = new ArrayList<>();
        for (String line : List.copyOf(console)) {
            Matcher m = next.matcher(line);
            if (m.find()) {
                delays.add(Double.parseDouble(m.group(1)));
            }
        }
        return delays;
    }

    static void kill9(long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    }


    private boolean consoleHas(String text) {
        synchronized (console) {
            return console.stream().anyMatch(l -> l.contains(text));
        }
    }
}
