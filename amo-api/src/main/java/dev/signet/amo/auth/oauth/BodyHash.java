package dev.signet.amo.auth.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code oauth_body_hash} of the OAuth Request Body Hash extension: Base64 of the SHA-1 of the body bytes, an
 * absent body hashing as the empty one. It is how a signature covers a body that is not form-encoded.
 */
public final class BodyHash {

    private static final int BUFFER = 64 * 1024;

    private BodyHash() {
    }

    public static String of(byte[] body) {
        MessageDigest sha1 = sha1();
        if (body != null) {
            sha1.update(body);
        }
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    /** Hashes the stream to its end without keeping it; the caller closes it. */
    public static String of(InputStream body) throws IOException {
        MessageDigest sha1 = sha1();
        byte[] buffer = new byte[BUFFER];
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            sha1.update(buffer, 0, n);
        }
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    /** Whether a client's claimed hash is the body's, compared in constant time. */
    public static boolean matches(String claimedBase64, byte[] body) {
        return claimedBase64 != null && MessageDigest.isEqual(
                of(body).getBytes(StandardCharsets.UTF_8), claimedBase64.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is unavailable in this JVM", e);
        }
    }
}
