package dev.signet.amo.auth;

import dev.signet.amo.config.AmoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The capability in a validation page URL. A browser cannot send the JWT, so the page is protected the way
 * AMO's per-upload validation URLs are: whoever holds the URL may read that one report, nobody can guess the
 * URL of another. The token is an HMAC of the upload id (128 bits) under a key derived from
 * {@code amo.secrets.key}: nothing to store, valid as long as that key is.
 */
@ApplicationScoped
public class ValidationPageToken {

    private static final int TOKEN_BYTES = 16;

    private final SecretKeySpec key;

    public ValidationPageToken(AmoConfig config) {
        byte[] master = Base64.getDecoder().decode(config.secrets().key().trim());
        // A key of its own, so the AES key that encrypts API secrets is never used for anything else.
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(master, "HmacSHA256"), "signet validation page v1"),
                "HmacSHA256");
    }

    public String of(UUID uploadId) {
        byte[] mac = Arrays.copyOf(hmac(key, uploadId.toString()), TOKEN_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    public boolean matches(UUID uploadId, String token) {
        return token != null && MessageDigest.isEqual(of(uploadId).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("validation page token: HmacSHA256 unavailable", e);
        }
    }
}
