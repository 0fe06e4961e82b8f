package dev.signet.amo.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Webhook signing secrets in the Standard Webhooks form, {@code whsec_<base64 of the key>}, so that receivers can
 * paste them into the standardwebhooks libraries as they are.
 */
public final class WebhookSecret {

    static final String PREFIX = "whsec_";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecret() {
    }

    public static String generate() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key: the base64-decoded part after the prefix. */
    public static byte[] key(String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("webhook secret: missing " + PREFIX + " prefix");
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
