package dev.signet.autograph.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.rest.ApiException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real directory: claims, stored responses, retention, and a lock held by another holder. */
class IdempotencyStoreTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    IdempotencyStore store() {
        return new IdempotencyStore(dir, Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aCommittedResponseIsReplayedForTheSameBodyOnly() throws Exception {
        IdempotencyStore store = store();
        try (IdempotencyStore.Entry e = store.begin("worker", "k1", "aa")) {
            assertNull(e.stored());
            e.commit("ref1", out -> out.write("[1]".getBytes(StandardCharsets.US_ASCII)));
            e.markReleased();
        }
        try (IdempotencyStore.Entry e = store.begin("worker", "k1", "aa")) {
            assertEquals("[1]", Files.readString(e.stored()));
            assertNull(e.unreleasedRefs(), "its release was logged");
        }
        ApiException other = assertThrows(ApiException.class, () -> store.begin("worker", "k1", "bb"));
        assertEquals(422, other.status());
        try (IdempotencyStore.Entry e = store.begin("someone-else", "k1", "bb")) {
            assertNull(e.stored(), "the scope includes the caller");
        }
    }

    /** The process died after storing the response and before logging its release: the replay logs it. */
    @Test
    void aStoredResponseWhoseReleaseWasNeverLoggedNamesItsRefsUntilMarked() throws Exception {
        IdempotencyStore store = store();
        try (IdempotencyStore.Entry e = store.begin("worker", "k4", "aa")) {
            e.commit("refA,refB", out -> out.write("[1,2]".getBytes(StandardCharsets.US_ASCII)));
        }
        IdempotencyStore restarted = store();
        try (IdempotencyStore.Entry e = restarted.begin("worker", "k4", "aa")) {
            assertNotNull(e.stored());
            assertEquals("refA,refB", e.unreleasedRefs());
            e.markReleased();
            assertNull(e.unreleasedRefs());
        }
        try (IdempotencyStore.Entry e = restarted.begin("worker", "k4", "aa")) {
            assertNull(e.unreleasedRefs());
        }
    }

    @Test
    void aClaimHeldHereOrByAnotherProcessIs409UntilReleased() throws Exception {
        IdempotencyStore store = store();
        IdempotencyStore.Entry first = store.begin("worker", "k2", "aa");
        assertEquals(409, assertThrows(ApiException.class, () -> store.begin("worker", "k2", "aa")).status());
        first.close();
        // Another process (here: another store instance on the same directory) sees the OS lock.
        Path lockFile = dir.resolve(IdempotencyStore.scope("worker", "k3")).resolve(IdempotencyStore.LOCK);
        Files.createDirectories(lockFile.getParent());
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            assertEquals(409, assertThrows(ApiException.class, () -> store.begin("worker", "k3", "aa")).status());
        }
        store.begin("worker", "k3", "aa").close();
    }

    @Test
    void cleanupDeletesExpiredResponsesAndKeepsFreshOnes() throws Exception {
        IdempotencyStore store = store();
        for (String key : new String[] {"old", "new"}) {
            try (IdempotencyStore.Entry e = store.begin("worker", key, "aa")) {
                e.commit("r-" + key, out -> out.write('x'));
            }
        }
        Path old = dir.resolve(IdempotencyStore.scope("worker", "old"));
        Files.setLastModifiedTime(old.resolve(IdempotencyStore.RESPONSE),
                FileTime.from(NOW.minus(Duration.ofHours(25))));
        store.cleanup();
        assertFalse(Files.exists(old), "expired entry deleted");
        Path fresh = dir.resolve(IdempotencyStore.scope("worker", "new"));
        assertTrue(Files.exists(fresh.resolve(IdempotencyStore.RESPONSE)));
        try (IdempotencyStore.Entry e = store.begin("worker", "old", "other-body")) {
            assertNull(e.stored(), "after expiry the key is new again");
        }
        try (IdempotencyStore.Entry e = store.begin("worker", "new", "aa")) {
            assertNotNull(e.stored());
        }
    }
}
