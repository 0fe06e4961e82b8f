package dev.signet.autograph.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.signet.jsonbase64.Base64JsonString;
import dev.signet.jsonbase64.InvalidBase64Exception;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.autograph.body.TempFiles;
import dev.signet.autograph.service.FileInput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code /sign/file} body too large for memory with Jackson's streaming parser: each {@code input} is
 * base64-decoded as a stream (the JDK's block codec, {@link Base64JsonString}) into its own temp file (hashed on the way for the audit line), so the decoded file
 * is never held whole. The wire format is Autograph's: {@code [{"input":"<b64>","keyid":..,"options":{..}}]}.
 */
final class FileRequestReader {

    private static final TypeReference<Map<String, Object>> OPTIONS = new TypeReference<>() { };

    private final ObjectMapper mapper;
    private final TempFiles tempFiles;

    FileRequestReader(ObjectMapper mapper, TempFiles tempFiles) {
        this.mapper = mapper;
        this.tempFiles = tempFiles;
    }

    List<FileInput> read(Path json) {
        List<FileInput> inputs = new ArrayList<>();
        try (JsonParser p = mapper.createParser(json.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw ApiException.badRequest("failed to parse request body: expected an array of signature requests");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.VALUE_NULL) {
                    throw ApiException.badRequest("signature request " + inputs.size() + " is null");
                }
                if (t != JsonToken.START_OBJECT) {
                    throw ApiException.badRequest("failed to parse request body: signature request "
                            + inputs.size() + " is not an object");
                }
                inputs.add(item(p, json, inputs.size()));
            }
            return inputs;
        } catch (JsonProcessingException e) {
            inputs.forEach(FileInput::close);
            throw ApiException.badRequest("failed to parse request body: " + JsonMessages.plain(e));
        } catch (IOException | RuntimeException e) {
            inputs.forEach(FileInput::close);
            throw e instanceof ApiException api ? api : ApiException.badRequest("failed to parse request body");
        }
    }

    private FileInput item(JsonParser p, Path json, int index) throws IOException {
        Path file = null;
        long size = 0;
        String sha256 = null;
        String keyid = null;
        Map<String, Object> options = null;
        try {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                // Case-insensitive as the in-memory path (SignResource's request mapper) and Go's decoder.
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "input" -> {
                        TempFiles.delete(file);
                        file = null;
                        size = 0;
                        if (value != JsonToken.VALUE_NULL) {
                            file = tempFiles.newFile("input-");
                            MessageDigest digest = sha256();
                            size = decode(p, json, index, file, digest);
                            sha256 = HexFormat.of().formatHex(digest.digest());
                        }
                    }
                    case "keyid" -> keyid = string(p, value, index, name);
                    case "options" -> options = options(p, value, index);
                    default -> p.skipChildren();
                }
            }
            if (file == null) {
                file = tempFiles.newFile("input-");
                sha256 = HexFormat.of().formatHex(sha256().digest());
            }
            return new FileInput(file, size, sha256, keyid, options);
        } catch (IOException | RuntimeException e) {
            TempFiles.delete(file);
            throw e;
        }
    }

    /**
     * Decodes the string from the body file where it starts, with the JDK's block codec; the parser then skips it
     * without decoding.
     */
    private static long decode(JsonParser p, Path json, int index, Path file, MessageDigest digest)
            throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw ApiException.badRequest("signature request " + index + ": input: must be a base64 string");
        }
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                64 * 1024), digest)) {
            return Base64JsonString.decode(json, p.currentTokenLocation().getByteOffset(), out);
        } catch (InvalidBase64Exception e) {
            throw ApiException.badRequest("signature request " + index + ": input: invalid base64 input: "
                    + e.getMessage());
        }
    }

    private static String string(JsonParser p, JsonToken value, int index, String name) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw ApiException.badRequest("signature request " + index + ": " + name + ": must be a string");
        }
        return p.getText();
    }

    private Map<String, Object> options(JsonParser p, JsonToken value, int index) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw ApiException.badRequest("signature request " + index + ": options: must be an object");
        }
        return p.readValueAs(OPTIONS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
