package dev.signet.worker.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirTest {

    @TempDir
    Path dir;

    @Test
    void whatAKilledWorkerLeftIsRemovedAtStartup() throws Exception {
        Path root = dir.resolve("scratch");
        ScratchDir first = ScratchDir.open(root);
        Path leftover = first.newFile("upload-", ".xpi");
        Files.write(leftover, new byte[1 << 20]);
        assertTrue(leftover.getFileName().toString().startsWith("signet-upload-"));

        ScratchDir.open(root); // the restarted worker
        assertFalse(Files.exists(leftover));
    }

    @Test
    void onlyItsOwnFilesAreRemoved() throws Exception {
        Path foreign = Files.writeString(dir.resolve("someone-elses.txt"), "keep me");
        Path sub = Files.createDirectory(dir.resolve("signet-dir"));
        ScratchDir.open(dir);
        assertEquals("keep me", Files.readString(foreign));
        assertTrue(Files.isDirectory(sub));
    }

    @Test
    void deleteNeverFails() throws Exception {
        ScratchDir scratch = ScratchDir.open(dir.resolve("s"));
        Path file = scratch.newFile("x-", ".tmp");
        scratch.delete(file);
        scratch.delete(file);
        scratch.delete(null);
        assertFalse(Files.exists(file));
    }
}
