package dev.signet.worker.client;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.signet.jsonbase64.Base64JsonString;
import dev.signet.hawk.PayloadHasher;
import dev.signet.model.signer.RawFileApi;
import dev.signet.worker.storage.ScratchDir;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.util.List;

/**
 * One signing request for one XPI, in one of two forms. Signet's {@code POST /sign/file/raw} ({@link RawFileApi}):
 * the XPI itself is the body and the options are in the query, so nothing is encoded; only its Hawk payload hash
 * is computed here. Autograph's {@code POST /sign/file}: the body is written to a scratch file with the add-on base64-encoded
 * on the way, so a 200 MiB upload never sits in memory; its Hawk payload hash is computed while it is written,
 * because Hawk needs it in the header before the body is sent. The JSON is written field by field in a fixed
 * order with fixed options: the same upload always yields the same bytes, which the signer's Idempotency-Key
 * check requires (a repeated key with a different body is refused with 422).
 */
public final class XpiSignRequest implements AutoCloseable {

    static final String CONTENT_TYPE = "application/json";

    private final ScratchDir scratch;
    private final String path;
    private final String contentType;
    private final Path body;
    private final boolean ownsBody;
    private final String payloadHash;

    private XpiSignRequest(ScratchDir scratch, String path, String contentType, Path body, boolean ownsBody,
            String payloadHash) {
        this.scratch = scratch;
        this.path = path;
        this.contentType = contentType;
        this.body = body;
        this.ownsBody = ownsBody;
        this.payloadHash = payloadHash;
    }

    /**
     * {@code /sign/file/raw?keyid=..&options={"id":..,"pkcs7_digest":..,"cose_algorithms":[..]}} with the XPI as
     * the body; the caller keeps owning {@code xpi}. The query is written in a fixed order, as the JSON form is.
     */
    static XpiSignRequest raw(JsonFactory json, ScratchDir scratch, Path xpi, XpiSignOptions options)
            throws IOException {
        PayloadHasher hasher = PayloadHasher.start(RawFileApi.CONTENT_TYPE);
        try (InputStream in = Files.newInputStream(xpi)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                hasher.update(buffer, 0, n);
            }
        }
        StringWriter optionsJson = new StringWriter();
        try (JsonGenerator generator = json.createGenerator(optionsJson)) {
            writeOptions(generator, options);
        }
        StringBuilder path = new StringBuilder(RawFileApi.PATH).append('?');
        if (options.keyid() != null) {
            path.append(RawFileApi.KEYID_PARAM).append('=').append(encode(options.keyid())).append('&');
        }
        path.append(RawFileApi.OPTIONS_PARAM).append('=').append(encode(optionsJson.toString()));
        return new XpiSignRequest(scratch, path.toString(), RawFileApi.CONTENT_TYPE, xpi, false, hasher.finish());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void writeOptions(JsonGenerator generator, XpiSignOptions options) throws IOException {
        generator.writeStartObject();
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
                generator.writeFieldName("options");
                writeOptions(generator, options);
                generator.writeEndObject();
                generator.writeEndArray();
            }
            return new XpiSignRequest(scratch, SignerClient.SIGN_FILE, CONTENT_TYPE, body, true, hasher.finish());
        } catch (IOException | RuntimeException e) {
            scratch.delete(body);
            throw e;
        }
    }

    /** What the XPI signer is asked for, besides the file. */
    public record XpiSignOptions(String addonGuid, String keyid, String pkcs7Digest, List<String> coseAlgorithms) {
    }

    /** Path and query, relative to the signer's base URL. */
    String path() {
        return path;
    }

    boolean raw() {
        return !ownsBody;
    }

    String contentType() {
        return contentType;
    }

    Path body() {
        return body;
    }

    String payloadHash() {
        return payloadHash;
    }

    @Override
    public void close() {
        if (ownsBody) {
            scratch.delete(body);
        }
    }
}
