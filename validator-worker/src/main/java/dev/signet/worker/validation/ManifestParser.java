package dev.signet.worker.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code manifest.json} the way Firefox and AMO accept it: a UTF-8 BOM is ignored, {@code //} and
 * {@code /* *}{@code /} comments outside strings are allowed. Duplicate keys and trailing content are refused
 * (Firefox would silently take the last key; the linter rejects it, and so do we).
 */
public final class ManifestParser {

    public static final String FILE = "manifest.json";
    static final String NO_MANIFEST = "TYPE_NO_MANIFEST_JSON";
    static final String JSON_INVALID = "MANIFEST_JSON_INVALID";
    static final String DUPLICATE_KEY = "JSON_DUPLICATE_KEY";

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The manifest as a JSON object, or empty when it is missing or unparsable (reported in findings). */
    public Optional<JsonNode> parse(XpiContents contents, Findings findings) {
        Optional<byte[]> raw = contents.file(FILE);
        if (raw.isEmpty()) {
            if (!contents.names().contains(FILE)) {
                findings.error(NO_MANIFEST, "manifest.json was not found",
                        "No manifest.json was found at the root of the extension. The package file must be a ZIP "
                                + "of the extension's files themselves, not of the containing directory.", FILE);
            }
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(stripBom(raw.get()));
            if (node == null || !node.isObject()) {
                findings.error(JSON_INVALID, "JSON is not well-formed", "manifest.json must contain a JSON object.",
                        FILE);
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (JsonProcessingException e) {
            report(e, findings);
            return Optional.empty();
        } catch (IOException e) {
            findings.error(JSON_INVALID, "JSON is not well-formed", JsonMessages.plain(e.getMessage()), FILE);
            return Optional.empty();
        }
    }

    private static void report(JsonProcessingException e, Findings findings) {
        JsonLocation at = e.getLocation();
        Integer line = at == null || at.getLineNr() < 1 ? null : at.getLineNr();
        Integer column = at == null || at.getColumnNr() < 1 ? null : at.getColumnNr();
        boolean duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
        findings.add(MessageType.ERROR, List.of(duplicate ? DUPLICATE_KEY : JSON_INVALID),
                duplicate ? "Duplicate keys are not allowed in JSON files." : "JSON is not well-formed",
                JsonMessages.plain(e.getOriginalMessage()), FILE, line, column);
    }

    private static byte[] stripBom(byte[] bytes) {
        if (bytes.length >= 3 && Arrays.equals(bytes, 0, 3, UTF8_BOM, 0, 3)) {
            return Arrays.copyOfRange(bytes, 3, bytes.length);
        }
        return bytes;
    }
}
