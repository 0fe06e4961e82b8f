package dev.signet.hawk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The Hawk payload hash computed as the body arrives, so a server can check a body it never holds whole:
 * {@code base64(SHA-256("hawk.1.payload\n{media type}\n{body}\n"))}.
 */
public final class PayloadHasher {

    private static final byte[] PAYLOAD_PREFIX = "hawk.1.payload\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEWLINE = {'\n'};

    private final MessageDigest digest;

    private PayloadHasher(MessageDigest digest, String contentType) {
        this.digest = digest;
        digest.update(PAYLOAD_PREFIX);
        digest.update(HawkCrypto.mediaType(contentType).getBytes(StandardCharsets.UTF_8));
        digest.update(NEWLINE);
    }

    /** A fresh hasher with its own digest (safe to use across threads, unlike the cached one). */
    public static PayloadHasher start(String contentType) {
        try {
            return new PayloadHasher(MessageDigest.getInstance("SHA-256"), contentType);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("hawk: SHA-256 unavailable", e);
        }
    }

    static PayloadHasher start(MessageDigest reused, String contentType) {
        reused.reset();
        return new PayloadHasher(reused, contentType);
    }

    public PayloadHasher update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
        return this;
    }

    public PayloadHasher update(byte[] bytes) {
        return update(bytes, 0, bytes.length);
    }

    /** The digest being fed, to wrap in a {@link java.security.DigestInputStream} or DigestOutputStream. */
    public MessageDigest digest() {
        return digest;
    }

    /** The base64 hash; the hasher must not be used afterwards. */
    public String finish() {
        digest.update(NEWLINE);
        return Base64.getEncoder().encodeToString(digest.digest());
    }
}
