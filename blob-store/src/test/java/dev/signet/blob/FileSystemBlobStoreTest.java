package dev.signet.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesContentAddressedAndReadsBack() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(dir.resolve("store"));
        Path source = Files.writeString(dir.resolve("in.xpi"), "hello");

        BlobRef ref = store.putFile("uploads", source);

        // sha256("hello"), computed independently with sha256sum
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", ref.sha256());
        assertEquals("uploads/2c/" + ref.sha256(), ref.key());
        assertEquals(5, ref.size());
        assertFalse(Files.exists(source), "the source is consumed");
        try (InputStream in = store.open(ref.key())) {
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        assertTrue(store.exists(ref.key()));
    }

    @Test
    void sameBytesTwiceIsOneBlob() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(dir);
        BlobRef a = store.putBytes("signed", new byte[] {1, 2, 3});
        BlobRef b = store.putBytes("signed", new byte[] {1, 2, 3});
        assertEquals(a, b);
        assertEquals(3, store.size(a.key()));
    }

    @Test
    void rejectsKeysThatEscapeTheRoot() {
        FileSystemBlobStore store = new FileSystemBlobStore(dir);
        assertThrows(IllegalArgumentException.class, () -> store.open("../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> store.putBytes("../x", new byte[0]));
        assertFalse(store.exists("uploads/../../x"));
    }

    @Test
    void recordsAreReplacedAndReadBack() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(dir);
        assertTrue(store.getRecord("signed-by-upload", "u-1").isEmpty());
        store.putRecord("signed-by-upload", "u-1", "first");
        store.putRecord("signed-by-upload", "u-1", "second");
        assertEquals("second", store.getRecord("signed-by-upload", "u-1").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> store.putRecord("signed-by-upload", "../x", "v"));
    }

    @Test
    void unknownKeyIsNoSuchFile() {
        FileSystemBlobStore store = new FileSystemBlobStore(dir);
        assertThrows(NoSuchFileException.class, () -> store.open("uploads/00/" + "0".repeat(64)));
    }
}
