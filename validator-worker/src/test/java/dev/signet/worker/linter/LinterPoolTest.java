package dev.signet.worker.linter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.model.jobs.Channel;
import dev.signet.worker.validation.TestXpi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool of warm linter processes with the real addons-linter: a process is reused, a file that takes too long
 * or a process killed mid-file ends in a {@link LinterException} and a fresh process, and a caller waits while
 * every process is busy instead of getting a new one.
 */
class LinterPoolTest {

    private static final List<String> FLAGS = List.of("--max-manifest-version=3");
    private static final ExecutorService CALLERS = Executors.newCachedThreadPool();

    @TempDir
    static Path dir;
    private static Path small;
    private static Path slow;

    @BeforeAll
    static void addons() {
        small = TestXpi.fixture("mv3", "manifest.json", "background.js").write(dir);
        slow = TestXpi.fixture("mv3", "manifest.json", "background.js").add("big.js", TestLinter.slowScript())
                .write(dir);
    }

    @AfterAll
    static void stop() {
        CALLERS.shutdownNow();
    }

    @Test
    void aProcessStaysWarmAcrossFiles() throws Exception {
        try (LinterPool pool = TestLinter.pool(Map.of())) {
            assertEquals("10.14.0", pool.linterVersion());
            List<Long> before = pool.pids();
            assertEquals(1, before.size());
            for (int i = 0; i < 3; i++) {
                JsonNode result = pool.lint(small, FLAGS);
                assertEquals(0, result.path("summary").path("errors").asInt(), result::toString);
            }
            assertEquals(before, pool.pids(), "the same process linted every file");
        }
    }

    @Test
    void aFileOverTheTimeoutKillsTheProcessAndAFreshOneTakesOver() throws Exception {
        try (LinterPool pool = TestLinter.pool(Map.of("timeout", "PT0.5S"))) {
            long first = pool.pids().get(0);
            LinterException e = assertThrows(LinterException.class, () -> pool.lint(slow, FLAGS));
            assertEquals("the add-on linter did not finish within 1 s", e.getMessage());
            assertTrue(ProcessHandle.of(first).map(p -> !p.isAlive()).orElse(true) || awaitDead(first),
                    "the hung process is killed");
            assertEquals(0, pool.lint(small, FLAGS).path("summary").path("errors").asInt());
            assertNotEquals(first, pool.pids().get(0));
        }
    }

    @Test
    void aProcessKilledMidFileIsAFailureAndIsReplaced() throws Exception {
        try (LinterPool pool = TestLinter.pool(Map.of())) {
            long first = pool.pids().get(0);
            Future<JsonNode> busy = CALLERS.submit(() -> pool.lint(slow, FLAGS));
            awaitBusy(pool);
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            Exception e = assertThrows(Exception.class, () -> busy.get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof LinterException, () -> String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().startsWith("the add-on linter stopped unexpectedly"),
                    e.getCause().getMessage());
            assertEquals(0, pool.lint(small, FLAGS).path("summary").path("errors").asInt());
            assertNotEquals(first, pool.pids().get(0));
        }
    }

    @Test
    void aCallerWaitsWhileEveryProcessIsBusy() throws Exception {
        try (LinterPool pool = TestLinter.pool(Map.of("processes", "1"))) {
            Future<JsonNode> first = CALLERS.submit(() -> pool.lint(slow, FLAGS));
            awaitBusy(pool);
            Thread[] waiter = new Thread[1];
            Future<JsonNode> second = CALLERS.submit(() -> {
                waiter[0] = Thread.currentThread();
                return pool.lint(small, FLAGS);
            });
            while (waiter[0] == null || waiter[0].getState() != Thread.State.WAITING) {
                Thread.sleep(10);
            }
            assertTrue(!first.isDone() && !second.isDone(), "the second file waits for the busy process");
            assertEquals(1, pool.pids().size(), "no extra process is started");
            first.get(120, TimeUnit.SECONDS);
            assertEquals(0, second.get(60, TimeUnit.SECONDS).path("summary").path("errors").asInt());
        }
    }

    @Test
    void aCallerThatGivesUpKillsItsProcess() throws Exception {
        try (LinterPool pool = TestLinter.pool(Map.of())) {
            long first = pool.pids().get(0);
            Future<JsonNode> busy = CALLERS.submit(() -> pool.lint(slow, FLAGS));
            awaitBusy(pool);
            busy.cancel(true);
            assertTrue(awaitDead(first), "an interrupted lint leaves no process behind in an unknown state");
            assertEquals(0, pool.lint(small, FLAGS).path("summary").path("errors").asInt());
        }
    }

    @Test
    void aProcessIsRetiredAfterItsShareOfFiles() throws Exception {
        try (LinterPool pool = TestLinter.pool(Map.of("max-files-per-process", "2"))) {
            long first = pool.pids().get(0);
            pool.lint(small, FLAGS);
            pool.lint(small, FLAGS);
            pool.lint(small, FLAGS);
            assertNotEquals(first, pool.pids().get(0));
            assertTrue(awaitDead(first));
        }
    }

    @Test
    void theChannelDecidesTheFlags() throws Exception {
        try (LinterPool pool = TestLinter.pool(Map.of())) {
            assertEquals(List.of("--max-manifest-version=3", "--enable-data-collection-permissions=true"),
                    pool.flags(Channel.LISTED));
            assertEquals(List.of("--max-manifest-version=3", "--enable-data-collection-permissions=true",
                    "--self-hosted"), pool.flags(Channel.UNLISTED));
            assertEquals(pool.flags(Channel.UNLISTED), pool.flags(null));
        }
    }

    @Test
    void aMissingNodeOrLinterStopsThePoolFromStarting() {
        LinterException node = assertThrows(LinterException.class,
                () -> TestLinter.pool(Map.of("node", dir.resolve("no-such-node").toString())));
        assertTrue(node.getMessage().contains("Node.js 20+ is required"), node.getMessage());
        LinterException install = assertThrows(LinterException.class,
                () -> TestLinter.pool(Map.of("dir", dir.toString())));
        assertTrue(install.getMessage().startsWith("the add-on linter is not installed in " + dir),
                install.getMessage());
    }

    @Test
    void aFileTheLinterCannotReadIsAFailureAndTheProcessStays() throws Exception {
        try (LinterPool pool = TestLinter.pool(Map.of())) {
            long first = pool.pids().get(0);
            LinterException e = assertThrows(LinterException.class,
                    () -> pool.lint(dir.resolve("missing.xpi"), FLAGS));
            assertTrue(e.getMessage().startsWith("the add-on linter could not read this file"), e.getMessage());
            assertEquals(List.of(first), pool.pids());
            assertEquals(0, pool.lint(small, FLAGS).path("summary").path("errors").asInt());
        }
    }

    /** Until the only process has been taken by a caller. */
    private static void awaitBusy(LinterPool pool) throws InterruptedException {
        while (pool.idleProcesses() > 0) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // the request is written right after the process is taken
    }

    private static boolean awaitDead(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
