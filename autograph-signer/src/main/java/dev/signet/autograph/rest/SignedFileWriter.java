package dev.signet.autograph.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.signet.jsonbase64.Base64JsonString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.autograph.service.SignedFile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code /sign/file} response for signed files on disk with Jackson's streaming generator: the same
 * JSON as for small files ({@code signed_file} right after {@code public_key}), base64-encoded as the file is read
 * (by the JDK's block codec, {@link Base64JsonString}).
 */
final class SignedFileWriter {

    private final ObjectMapper mapper;

    SignedFileWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void write(List<SignedFile> files, OutputStream target) throws IOException {
        try (JsonGenerator g = mapper.createGenerator(target)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartArray();
            for (SignedFile file : files) {
                writeOne(g, file, target);
            }
            g.writeEndArray();
        }
    }

    private void writeOne(JsonGenerator g, SignedFile file, OutputStream target) throws IOException {
        ObjectNode envelope = mapper.valueToTree(file.envelope());
        g.writeStartObject();
        Iterator<Map.Entry<String, JsonNode>> fields = envelope.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            g.writeFieldName(field.getKey());
            g.writeTree(field.getValue());
            if ("public_key".equals(field.getKey())) {
                g.writeFieldName("signed_file");
                // The generator writes the separator, then the file goes into the same stream as base64.
                g.writeRawValue("");
                g.flush();
                Base64JsonString.write(file.file(), target);
            }
        }
        g.writeEndObject();
    }
}
