package dev.signet.worker.client;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.signet.jsonbase64.Base64JsonString;
import dev.signet.hawk.PayloadHasher;
import dev.signet.worker.storage.ScratchDir;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.util.List;

/**
 * The body of one {@code POST /sign/file} for one XPI, written to a scratch file with the add-on base64-encoded
 * on the way, so a 200 MiB upload never sits in memory; its Hawk payload hash is computed while it is written,
 * because Hawk needs it in the header before the body is sent. The JSON is written field by field in a fixed
 * order with fixed options: the same upload always yields the same bytes, which the signer's Idempotency-Key
 * check requires (a repeated key with a different body is refused with 422).
 */
public final class XpiSignRequest implements AutoCloseable {

    static final String CONTENT_TYPE = "application/json";

    private final ScratchDir scratch;
    private final Path body;
    private final String payloadHash;

    private XpiSignRequest(ScratchDir scratch, Path body, String payloadHash) {
        this.scratch = scratch;
        this.body = body;
        this.payloadHash = payloadHash;
    }

    /** {@code [{"input":<xpi>,"keyid":..,"options":{"id":..,"pkcs7_digest":..,"cose_algorithms":[..]}}]}. */
    static XpiSignRequest write(JsonFactory json, ScratchDir scratch, Path xpi, XpiSignOptions options)
            throws IOException {
        Path body = scratch.newFile("sign-request-", ".json");
        try {
            PayloadHasher hasher = PayloadHasher.start(CONTENT_TYPE);
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(body)),
                    hasher.digest());
                    JsonGenerator generator = json.createGenerator(out, JsonEncoding.UTF8)) {
                generator.writeStartArray();
                generator.writeStartObject();
                generator.writeFieldName("input");
                // The generator writes the separator, then the file goes into the same stream as base64.
                generator.writeRawValue("");
                generator.flush();
                Base64JsonString.write(xpi, out);
                if (options.keyid() != null) {
                    generator.writeStringField("keyid", options.keyid());
                }
                generator.writeObjectFieldStart("options");
                generator.writeStringField("id", options.addonGuid());
                if (options.pkcs7Digest() != null) {
                    generator.writeStringField("pkcs7_digest", options.pkcs7Digest());
                }
                if (!options.coseAlgorithms().isEmpty()) {
                    generator.writeArrayFieldStart("cose_algorithms");
                    for (String algorithm : options.coseAlgorithms()) {
                        generator.writeString(algorithm);
                    }
                    generator.writeEndArray();
                }
                generator.writeEndObject();
                generator.writeEndObject();
                generator.writeEndArray();
            }
            return new XpiSignRequest(scratch, body, hasher.finish());
        } catch (IOException | RuntimeException e) {
            scratch.delete(body);
            throw e;
        }
    }

    /** What the XPI signer is asked for, besides the file. */
    public record XpiSignOptions(String addonGuid, String keyid, String pkcs7Digest, List<String> coseAlgorithms) {
    }

    Path body() {
        return body;
    }

    String payloadHash() {
        return payloadHash;
    }

    @Override
    public void close() {
        scratch.delete(body);
    }
}
