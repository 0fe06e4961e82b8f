package dev.signet.autograph.body;

import dev.signet.autograph.config.SignerServiceConfig;
import dev.signet.autograph.rest.ApiException;
import dev.signet.hawk.HawkCrypto;
import dev.signet.hawk.PayloadHasher;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads request bodies, called only after the Hawk header was verified. The size limit is enforced while
 * reading (413 as soon as it is crossed); the Hawk payload hash is computed on the way. Bodies up to
 * {@code signer.body.in-memory-max} are read into one array (the fast path of small signing requests); larger
 * ones are spooled to a temp file under a shared byte budget (503 when it is used up).
 */
@ApplicationScoped
public class BodyReader {

    private static final int BUFFER = 64 * 1024;
    // A body without Content-Length grows its reservation by this much at a time.
    private static final long GROWTH = 1024 * 1024;

    private final long maxBytes;
    private final int inMemoryMax;
    private final int retryAfterSeconds;
    private final BodyBudget budget;
    private final TempFiles tempFiles;

    public BodyReader(SignerServiceConfig config, BodyBudget budget, TempFiles tempFiles) {
        this.maxBytes = config.maxBodySize().asLongValue();
        this.inMemoryMax = (int) Math.min(config.body().inMemoryMax().asLongValue(), Integer.MAX_VALUE - 8);
        this.retryAfterSeconds = config.body().retryAfterSeconds();
        this.budget = budget;
        this.tempFiles = tempFiles;
    }

    /** The declared Content-Length, or -1; refuses an invalid one (400) or one above the limit (413). */
    public long checkDeclaredLength(HttpServerRequest request) {
        String contentLength = request.getHeader("Content-Length");
        if (contentLength == null) {
            return -1;
        }
        long declared;
        try {
            declared = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid Content-Length");
        }
        if (declared < 0) {
            throw ApiException.badRequest("invalid Content-Length");
        }
        if (declared > maxBytes) {
            throw tooLarge();
        }
        return declared;
    }

    /**
     * @param declared the value returned by {@link #checkDeclaredLength}
     */
    public RequestBody read(long declared, String contentType, InputStream body) {
        try {
            if (body == null) {
                return RequestBody.inMemory(new byte[0], HawkCrypto.payloadHash(contentType, new byte[0]));
            }
            if (declared >= 0 && declared <= inMemoryMax) {
                byte[] bytes = body.readNBytes((int) declared);
                if (bytes.length != declared) {
                    throw shorterThanDeclared();
                }
                return RequestBody.inMemory(bytes, HawkCrypto.payloadHash(contentType, bytes));
            }
            byte[] head = new byte[0];
            if (declared < 0) {
                int limit = (int) Math.min(inMemoryMax, maxBytes);
                head = body.readNBytes(limit + 1);
                if (head.length <= limit) {
                    return RequestBody.inMemory(head, HawkCrypto.payloadHash(contentType, head));
                }
                if (head.length > maxBytes) {
                    throw tooLarge();
                }
            }
            return spool(declared, contentType, head, body);
        } catch (IOException e) {
            throw new UncheckedIOException("reading request body", e);
        }
    }

    private RequestBody spool(long declared, String contentType, byte[] head, InputStream body) throws IOException {
        BodyBudget.Reservation reservation = budget.tryReserve(declared >= 0 ? declared : head.length + GROWTH);
        if (reservation == null) {
            throw busy();
        }
        Path file = null;
        try {
            file = tempFiles.newFile("body-");
            PayloadHasher hash = PayloadHasher.start(contentType);
            MessageDigest sha256 = RequestBody.sha256();
            long total = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = head.length >= BUFFER ? head : Arrays.copyOf(head, BUFFER);
                int n = head.length;
                while (n != -1) {
                    total += n;
                    if (total > maxBytes) {
                        throw tooLarge();
                    }
                    long missing = total - reservation.bytes();
                    if (missing > 0 && !reservation.grow(Math.max(GROWTH, missing))) {
                        throw busy();
                    }
                    out.write(buffer, 0, n);
                    hash.update(buffer, 0, n);
                    sha256.update(buffer, 0, n);
                    if (buffer == head) {
                        buffer = new byte[BUFFER];
                    }
                    n = body.read(buffer);
                }
            }
            if (declared >= 0 && total != declared) {
                throw shorterThanDeclared();
            }
            return RequestBody.spooled(file, total, hash.finish(), sha256.digest(), reservation);
        } catch (IOException | RuntimeException e) {
            TempFiles.delete(file);
            reservation.close();
            throw e;
        }
    }

    private ApiException busy() {
        return ApiException.busy("too many large requests in progress, retry later", retryAfterSeconds);
    }

    private static ApiException shorterThanDeclared() {
        return ApiException.badRequest("request body shorter than its Content-Length");
    }

    private ApiException tooLarge() {
        return new ApiException(413, "request exceeded max size of " + maxBytes + " B");
    }
}
