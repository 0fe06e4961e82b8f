package dev.signet.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image archive as Jib's buildTar writes it (oci-layout, index.json, blobs/), read as a registry or a
 * runtime would: index, manifest, config, layers; unpacked into a runtime bundle by umoci, an independent
 * implementation of the image spec.
 */
final class OciArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path layout;
    private final String reference;
    private final JsonNode manifest;
    private final JsonNode config;

    private OciArchive(Path layout, String reference, JsonNode manifest, JsonNode config) {
        this.layout = layout;
        this.reference = reference;
        this.manifest = manifest;
        this.config = config;
    }

    /** Extracts {@code tar} into {@code dir} and reads its one image. */
    static OciArchive open(Path tar, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Tools.run(List.of("tar", "-xf", tar.toString(), "-C", dir.toString()));
        if (!Files.exists(dir.resolve("oci-layout"))) {
            throw new AssertionError(tar + ": not an OCI image layout (no oci-layout file)");
        }
        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        if (index.path("manifests").size() != 1) {
            throw new AssertionError(tar + ": expected one image in index.json, found " + index.path("manifests"));
        }
        JsonNode entry = index.path("manifests").get(0);
        String reference = entry.path("annotations").path("org.opencontainers.image.ref.name").asText();
        JsonNode manifest = JSON.readTree(blob(dir, entry.path("digest").asText()).toFile());
        JsonNode config = JSON.readTree(blob(dir, manifest.path("config").path("digest").asText()).toFile());
        return new OciArchive(dir, reference, manifest, config);
    }

    private static Path blob(Path dir, String digest) {
        return dir.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    /** The name:tag the archive carries ({@code org.opencontainers.image.ref.name}). */
    String reference() {
        return reference;
    }

    /** The image config's {@code config} object: User, Env, Entrypoint, ExposedPorts, Labels, WorkingDir. */
    JsonNode runConfig() {
        return config.path("config");
    }

    /** The file names in each layer, base first. */
    List<List<String>> layerEntries() throws IOException, InterruptedException {
        List<List<String>> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            String listing = Tools.run(List.of("tar", "-tzf", blob(layout, layer.path("digest").asText()).toString()));
            layers.add(listing.lines().toList());
        }
        return layers;
    }

    /** umoci's runtime bundle of this image: {@code bundle/rootfs} and {@code bundle/config.json}. */
    Path unpack(Path bundle) throws IOException, InterruptedException {
        Tools.run(List.of("umoci", "unpack", "--image", layout + ":" + reference, bundle.toString()));
        return bundle;
    }
}
