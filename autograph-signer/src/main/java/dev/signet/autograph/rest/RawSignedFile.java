package dev.signet.autograph.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.autograph.idempotency.IdempotencyKey;
import dev.signet.autograph.service.SignedFile;
import dev.signet.model.signer.RawFileApi;
import dev.signet.model.signer.SignatureResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code /sign/file/raw} answer: the signed file as the body, the fields of its {@code /sign/file} item in
 * headers. An answer kept for an Idempotency-Key is stored as one line of the item's JSON (without
 * {@code signed_file}), then the file's bytes, so that a replay gives back the same headers and body.
 */
final class RawSignedFile {

    /** The item's JSON line of a stored answer is a few hundred bytes; more means the file is not ours. */
    private static final int MAX_ENVELOPE = 64 * 1024;

    private RawSignedFile() {
    }

    /** Streams a freshly signed file; the file is deleted once it is sent (or the send failed). */
    static Response send(SignedFile signed) throws IOException {
        InputStream in = Files.newInputStream(signed.file());
        long size = Files.size(signed.file());
        return response(signed.envelope(), size, target -> {
            try (in; signed) {
                in.transferTo(target);
            }
        }, false);
    }

    static void store(ObjectMapper mapper, SignedFile signed, OutputStream out) throws IOException {
        out.write(mapper.writeValueAsBytes(signed.envelope()));
        out.write('\n');
        Files.copy(signed.file(), out);
    }

    // Opened before the idempotency entry is released, so a cleanup running meanwhile cannot take the file away.
    static Response replay(ObjectMapper mapper, Path stored, boolean replayed) throws IOException {
        InputStream in = Files.newInputStream(stored);
        try {
            byte[] line = envelopeLine(in);
            SignatureResponse envelope = mapper.readValue(line, SignatureResponse.class);
            long size = Files.size(stored) - line.length - 1;
            return response(envelope, size, target -> {
                try (in) {
                    in.transferTo(target);
                }
            }, replayed);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static byte[] envelopeLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0 || line.size() >= MAX_ENVELOPE) {
                throw new IOException("stored raw answer without its header line");
            }
            line.write(b);
        }
        return line.toByteArray();
    }

    private static Response response(SignatureResponse envelope, long size, StreamingOutput body, boolean replayed) {
        Response.ResponseBuilder r = Response.status(201).type(RawFileApi.CONTENT_TYPE)
                .header("Content-Length", size)
                .header(RawFileApi.REF, envelope.ref())
                .header(RawFileApi.TYPE, envelope.type())
                .header(RawFileApi.MODE, envelope.mode())
                .header(RawFileApi.SIGNER_ID, envelope.signerId())
                .entity(body);
        if (envelope.x5u() != null && !envelope.x5u().isEmpty()) {
            r.header(RawFileApi.X5U, envelope.x5u());
        }
        if (replayed) {
            r.header(IdempotencyKey.REPLAYED_HEADER, "true");
        }
        return r.build();
    }
}
