package dev.signet.amo.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signet.amo.error.AmoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the id and version from an upload's {@code manifest.json} at submission time, for the requests that
 * need them before validation ({@code POST /addons/}). Full validation stays in validator-worker.
 */
public final class ManifestReader {

    private static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;
    // Firefox tolerates comments in manifest.json.
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_COMMENTS).build();

    private ManifestReader() {
    }

    /**
     * What the manifest says: the gecko id, the version string and the name (each if any), and its permission
     * lists as one JSON object {@code {"permissions": [...], "optional_permissions": [...], "host_permissions":
     * [...]}} (strings only; a list missing from the manifest is empty).
     */
    public record ManifestInfo(Optional<String> id, Optional<String> version, Optional<String> name,
            String permissions) {
    }

    public static ManifestInfo read(Path xpi) {
        try (ZipFile zip = new ZipFile(xpi.toFile())) {
            ZipEntry entry = zip.getEntry("manifest.json");
            if (entry == null || entry.isDirectory()) {
                throw AmoException.badRequest("No manifest.json found");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readNBytes((int) MAX_MANIFEST_BYTES + 1);
            }
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw AmoException.badRequest("Could not parse the manifest file.");
            }
            return parse(bytes);
        } catch (IOException e) {
            throw AmoException.badRequest(
                    "Unsupported file type, please upload a supported file (.crx, .xpi, .zip).");
        }
    }

    static ManifestInfo parse(byte[] bytes) {
        int offset = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        JsonNode manifest;
        try {
            manifest = LENIENT.readTree(bytes, offset, bytes.length - offset);
        } catch (IOException e) {
            throw AmoException.badRequest("Could not parse the manifest file.");
        }
        if (manifest == null || !manifest.isObject()) {
            throw AmoException.badRequest("Could not parse the manifest file.");
        }
        JsonNode id = manifest.at("/browser_specific_settings/gecko/id");
        if (!id.isTextual()) {
            id = manifest.at("/applications/gecko/id");
        }
        return new ManifestInfo(id.isTextual() ? Optional.of(id.asText()) : Optional.empty(),
                text(manifest.get("version")), text(manifest.get("name")), permissions(manifest));
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static String permissions(JsonNode manifest) {
        ObjectNode lists = LENIENT.createObjectNode();
        for (String field : new String[] {"permissions", "optional_permissions", "host_permissions"}) {
            ArrayNode out = lists.putArray(field);
            JsonNode in = manifest.get(field);
            if (in != null && in.isArray()) {
                in.forEach(p -> {
                    if (p.isTextual()) {
                        out.add(p.asText());
                    }
                });
            }
        }
        return lists.toString();
    }
}
