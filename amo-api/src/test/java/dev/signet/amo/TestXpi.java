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
        return build(id, version, "console.log('hello');\n");
    }

    /** The same add-on version with other content (another file for the same version). */
    static Path build(String id, String version, String backgroundJs) throws IOException {
        return withManifest("""
                {"manifest_version": 2, "name": "Test add-on", "version": "%s",
                 "browser_specific_settings": {"gecko": {"id": "%s"}}}
                """.formatted(version, id), backgroundJs);
    }

    /** Firefox tolerates comments in the manifest; so do we. */
    static Path buildWithoutId(String version) throws IOException {
        return withManifest("// no id here\n{\"manifest_version\": 2, \"name\": \"No id\", \"version\": \""
                + version + "\" /* generated id */}", "console.log('hello');\n");
    }

    static Path withManifest(String manifest) throws IOException {
        return withManifest(manifest, "console.log('hello');\n");
    }

    private static Path withManifest(String manifest, String backgroundJs) throws IOException {
        Path file = Files.createTempFile("test-addon", ".xpi");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("background.js"));
            zip.write(backgroundJs.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
