package dev.signet.amo.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.signet.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a reviewer sees of an uploaded file without unpacking it: its entries from the ZIP's central directory
 * (name, size, CRC-32: nothing is inflated for them) and its manifest. The file was validated before it reached
 * review (safe-zip limits included), yet it is still the developer's input, so both are bounded.
 */
public final class XpiListing {

    static final int MAX_ENTRIES = 10_000;
    static final int MAX_MANIFEST_BYTES = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One file in the package. */
    public record Entry(String name, long size, long crc) {
    }

    /** {@code manifest}: pretty-printed manifest.json, or a sentence saying why it cannot be shown. */
    public record Contents(List<Entry> entries, boolean truncated, String manifest) {
    }

    private XpiListing() {
    }

    public static Contents read(BlobStore blobs, String fileKey) {
        Path local = null;
        try {
            local = Files.createTempFile("review-", ".xpi");
            try (InputStream in = blobs.open(fileKey)) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            try (ZipFile zip = new ZipFile(local.toFile())) {
                List<Entry> entries = new ArrayList<>();
                boolean truncated = false;
                Enumeration<? extends ZipEntry> all = zip.entries();
                while (all.hasMoreElements()) {
                    ZipEntry e = all.nextElement();
                    if (e.isDirectory()) {
                        continue;
                    }
                    if (entries.size() == MAX_ENTRIES) {
                        truncated = true;
                        break;
                    }
                    entries.add(new Entry(e.getName(), e.getSize(), e.getCrc()));
                }
                entries.sort((a, b) -> a.name().compareTo(b.name()));
                return new Contents(List.copyOf(entries), truncated, manifest(zip));
            }
        } catch (IOException e) {
            return new Contents(List.of(), false, "The package cannot be read: " + e.getMessage());
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans its temp directory
                }
            }
        }
    }

    private static String manifest(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry("manifest.json");
        if (entry == null) {
            return "The package has no manifest.json.";
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        }
        if (bytes.length > MAX_MANIFEST_BYTES) {
            return "manifest.json is over " + MAX_MANIFEST_BYTES / 1024 + " KiB; it is not shown.";
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            return JSON.writeValueAsString(JSON.readTree(text));
        } catch (IOException notStrictJson) {
            return text; // Firefox accepts comments in manifests; show it as it is
        }
    }
}
