package dev.signet.autograph.idempotency;

import dev.signet.autograph.rest.ApiException;

/** The {@code Idempotency-Key} request header: 1–255 printable ASCII characters, taken as sent. */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    /** The key, null when the header is absent; 400 when it is present but not a valid key. */
    public static String parse(String header) {
        if (header == null) {
            return null;
        }
        if (header.isEmpty() || header.length() > MAX_LENGTH
                || !header.chars().allMatch(c -> c >= 0x20 && c <= 0x7e) || header.isBlank()) {
            throw ApiException.badRequest("invalid " + HEADER + ": expected 1 to " + MAX_LENGTH
                    + " printable ASCII characters");
        }
        return header;
    }
}
