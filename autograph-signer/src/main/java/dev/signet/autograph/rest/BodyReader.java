package dev.signet.autograph.rest;

import dev.signet.autograph.config.SignerServiceConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads request bodies with the size limit enforced while reading: 413 as soon as it is crossed. */
@ApplicationScoped
public class BodyReader {

    private final long maxBytes;

    public BodyReader(SignerServiceConfig config) {
        // A request body is one Java array, so it can never exceed the array limit.
        this.maxBytes = Math.min(config.maxBodySize().asLongValue(), Integer.MAX_VALUE - 8);
    }

    public byte[] read(HttpServerRequest request, InputStream body) {
        String contentLength = request.getHeader("Content-Length");
        if (contentLength != null) {
            long declared;
            try {
                declared = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid Content-Length");
            }
            if (declared > maxBytes) {
                throw tooLarge();
            }
        }
        if (body == null) {
            return new byte[0];
        }
        try {
            if (contentLength != null) {
                // The common case: HTTP framing bounds the stream, so read straight into an array of that size.
                int declared = (int) Long.parseLong(contentLength.trim());
                byte[] bytes = body.readNBytes(declared);
                if (bytes.length != declared) {
                    throw ApiException.badRequest("request body shorter than its Content-Length");
                }
                return bytes;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[16384];
            long total = 0;
            int n;
            while ((n = body.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("reading request body", e);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "request exceeded max size of " + maxBytes + " B");
    }
}
