package dev.signet.worker.validation;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads {@code manifest.json} for our own checks, as Firefox reads it: a UTF-8 BOM and {@code //} or
 * {@code /* *}{@code /} comments are skipped, and of duplicate keys the last one counts. It reports nothing:
 * whether the manifest is acceptable JSON at all (block comments, duplicate keys, syntax) is the linter's
 * verdict ({@code JSON_INVALID}, {@code JSON_BLOCK_COMMENTS}, {@code JSON_DUPLICATE_KEY}, ...).
 */
final class ManifestParser {

    static final String FILE = "manifest.json";

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The manifest as a JSON object, or empty when it is missing or not a readable JSON object. */
    Optional<JsonNode> parse(XpiContents contents) {
        Optional<byte[]> raw = contents.file(FILE);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(stripBom(raw.get()));
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] stripBom(byte[] bytes) {
        if (bytes.length >= 3 && Arrays.equals(bytes, 0, 3, UTF8_BOM, 0, 3)) {
            return Arrays.copyOfRange(bytes, 3, bytes.length);
        }
        return bytes;
    }
}
