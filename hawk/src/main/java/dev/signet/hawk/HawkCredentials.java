package dev.signet.hawk;

import java.nio.charset.StandardCharsets;

/**
 * A Hawk credential: the id sent in the header and the HMAC-SHA256 key. As in Autograph and npm {@code hawk}, the
 * key is the raw UTF-8 bytes of the configured key string (not base64-decoded).
 */
public record HawkCredentials(String id, byte[] key) {

    public HawkCredentials {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("hawk: credential id must not be empty");
        }
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("hawk: key for id " + id + " must not be empty");
        }
        key = key.clone();
    }

    /** Credentials from a configured key string, taken as UTF-8 bytes. */
    public static HawkCredentials of(String id, String key) {
        return new HawkCredentials(id, key == null ? null : key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    // Package-private access without the defensive copy, for the MAC hot path.
    byte[] keyBytes() {
        return key;
    }

    @Override
    public String toString() {
        return "HawkCredentials[id=" + id + ", key=<redacted>]";
    }
}
