package dev.signet.amo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small real WebExtensions built by the tests. */
final class TestXpi {

    private TestXpi() {
    }

    static Path build(String id, String version) throws IOException {
        return withManifest("""
                {"manifest_version": 2, "name": "Test add-on", "version": "%s",
                 "browser_specific_settings": {"gecko": {"id": "%s"}}}
                """.formatted(version, id));
    }

    /** Firefox tolerates comments in the manifest; so do we. */
    static Path buildWithoutId(String version) throws IOException {
        return withManifest("// no id here\n{\"manifest_version\": 2, \"name\": \"No id\", \"version\": \""
                + version + "\" /* generated id */}");
    }

    static Path withManifest(String manifest) throws IOException {
        Path file = Files.createTempFile("test-addon", ".xpi");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("background.js"));
            zip.write("console.log('hello');\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
