package dev.signet.worker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.blob.BlobRef;
import dev.signet.blob.FileSystemBlobStore;
import dev.signet.infra.process.ChildProcess;
import dev.signet.model.jobs.UploadResult;
import dev.signet.worker.messaging.FakeSigner;
import dev.signet.worker.validation.TestXpi;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB add-on (incompressible, stored entries; the upload limit is 200 MiB) is validated and signed by the
 * worker's job path in a JVM limited to 256 MiB of heap. Before streaming, reading the file whole and building
 * the base64 request in memory needed well over 600 MB and died with an OutOfMemoryError.
 */
class LargeUploadIT {

    private static final String GUID = "large@signet.dev";
    private static final int ENTRY_SIZE = 100_000_000;
    private static final String HEAP = "-Xmx256m";

    @TempDir
    Path dir;

    @Test
    void a200MegabyteAddonIsSignedWithin256MegabytesOfHeap() throws Exception {
        Path blobRoot = dir.resolve("blobs");
        Path xpi = writeLargeXpi(dir.resolve("large.xpi"));
        assertTrue(Files.size(xpi) > 200_000_000L && Files.size(xpi) < 200L << 20, "just under the 200 MiB limit");
        FileSystemBlobStore blobs = new FileSystemBlobStore(blobRoot);
        BlobRef upload = blobs.putFile("uploads", xpi);
        Path resultFile = dir.resolve("result.json");
        Path scratch = dir.resolve("scratch");
        try (FakeSigner signer = new FakeSigner()) {
            ChildProcess.run("large-upload", List.of(ChildProcess.javaBinary(), HEAP, "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"), LargeUploadRun.class.getName(),
                    blobRoot.toString(), scratch.toString(), signer.url(), upload.key(), GUID,
                    UUID.randomUUID().toString(), resultFile.toString()), dir.resolve("child.log"),
                    Duration.ofMinutes(10));
            assertEquals(1, signer.signatures());
            assertEquals(upload.size(), signer.requests().get(0).inputSize());
            assertEquals(List.of(), signer.rejections());
        }
        System.out.println("large upload: " + ChildProcess.tail(dir.resolve("child.log"), 1));

        UploadResult result = JobPath.newMapper().readValue(resultFile.toFile(), UploadResult.class);
        assertTrue(result.valid(), () -> String.valueOf(result.validation()));
        assertNotNull(result.signedFile());
        long suffix = FakeSigner.SIGNED_SUFFIX.length();
        assertEquals(upload.size() + suffix, result.signedFile().size());
        assertTrue(blobs.exists(result.signedFile().fileKey()));
        try (InputStream in = blobs.open(result.signedFile().fileKey())) {
            in.skipNBytes(upload.size());
            assertEquals(FakeSigner.SIGNED_SUFFIX, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (var left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "the scratch directory is left empty");
        }
    }

    /** manifest + script + two 100 MB stored entries of random bytes (same seed: written twice, CRC first). */
    private static Path writeLargeXpi(Path file) throws IOException {
        byte[] small = TestXpi.fixture("mv2", "manifest.json", "background.js").bytes();
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
                ZipInputStream fixture = new ZipInputStream(new ByteArrayInputStream(small))) {
            for (ZipEntry entry = fixture.getNextEntry(); entry != null; entry = fixture.getNextEntry()) {
                String text = new String(fixture.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("mv2-test@signet.dev", GUID);
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(text.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            for (int i = 0; i < 2; i++) {
                ZipEntry entry = new ZipEntry("data/blob-" + i + ".bin");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(ENTRY_SIZE);
                entry.setCompressedSize(ENTRY_SIZE);
                entry.setCrc(crcOf(i));
                zip.putNextEntry(entry);
                random(i, zip);
                zip.closeEntry();
            }
        }
        return file;
    }

    private static long crcOf(long seed) throws IOException {
        CRC32 crc = new CRC32();
        random(seed, new OutputStream() {
            @Override
            public void write(int b) {
                crc.update(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                crc.update(b, off, len);
            }
        });
        return crc.getValue();
    }

    private static void random(long seed, OutputStream out) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        for (int written = 0; written < ENTRY_SIZE; written += chunk.length) {
            random.nextBytes(chunk);
            out.write(chunk, 0, Math.min(chunk.length, ENTRY_SIZE - written));
        }
    }
}
