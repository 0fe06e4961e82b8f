package dev.signet.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small real WebExtensions for the end-to-end tests. */
public final class Xpis {

    private Xpis() {
    }

    public static byte[] webExtension(String id, String version) throws IOException {
        return withManifest("{\"manifest_version\": 2, \"name\": \"e2e\", \"version\": \"" + version + "\","
                + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"" + id + "\"}},"
                + " \"background\": {\"scripts\": [\"background.js\"]}}");
    }

    public static byte[] withManifest(String manifest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("background.js"));
            zip.write("console.log('signed by signet');\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
