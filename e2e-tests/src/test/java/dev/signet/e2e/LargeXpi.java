package dev.signet.e2e;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A large WebExtension written straight to disk: the manifest, a script, and incompressible random data in
 * STORED entries (so the XPI is as large as its content, and no stage can shrink it by compressing). Only one
 * entry's worth of data is in memory at a time.
 */
final class LargeXpi {

    private static final int CHUNK = 10_000_000;

    private LargeXpi() {
    }

    static Path write(Path target, String id, String version, long dataBytes) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(("{\"manifest_version\": 2, \"name\": \"large\", \"version\": \"" + version + "\","
                    + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"" + id + "\"}},"
                    + " \"background\": {\"scripts\": [\"background.js\"]}}").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("background.js"));
            zip.write("console.log('a large add-on signed by signet');\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            SplittableRandom random = new SplittableRandom(42);
            byte[] chunk = new byte[CHUNK];
            long left = dataBytes;
            for (int i = 0; left > 0; i++) {
                int size = (int) Math.min(CHUNK, left);
                fill(random, chunk, size);
                CRC32 crc = new CRC32();
                crc.update(chunk, 0, size);
                ZipEntry entry = new ZipEntry(String.format("data/blob-%03d.bin", i));
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(size);
                entry.setCompressedSize(size);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(chunk, 0, size);
                zip.closeEntry();
                left -= size;
            }
        }
        return target;
    }

    private static void fill(SplittableRandom random, byte[] chunk, int size) {
        for (int i = 0; i < size; i += 8) {
            long r = random.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                chunk[i + j] = (byte) (r >>> (8 * j));
            }
        }
    }
}
