package dev.signet.autograph.body;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup sweep of {@code signer.temp-dir}: run directories of dead processes go, live ones stay. */
class TempFilesTest {

    @TempDir
    Path root;

    @Test
    void theRunDirectoriesOfGoneProcessesAreDeletedAndLiveOnesKept() throws Exception {
        Path dead = Files.createDirectories(root.resolve("run-dead"));
        Files.createFile(dead.resolve(".lock"));
        Files.writeString(dead.resolve("body-1.tmp"), "left by a killed signer");
        Path live = Files.createDirectories(root.resolve("run-live"));
        try (FileChannel ch = FileChannel.open(live.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            TempFiles files = new TempFiles(root);
            try {
                assertFalse(Files.exists(dead), "dead run directory swept");
                assertTrue(Files.exists(live), "a run directory whose lock is held is kept");
                Path mine = files.newFile("x-");
                assertTrue(mine.startsWith(files.runDir()));
            } finally {
                files.close();
            }
            assertFalse(Files.exists(files.runDir()), "own run directory deleted on shutdown");
        }
    }
}
