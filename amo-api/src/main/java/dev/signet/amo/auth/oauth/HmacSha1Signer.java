package dev.signet.amo.auth.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC-SHA1 signature method of RFC 5849 §3.4.2. */
public final class HmacSha1Signer {

    private HmacSha1Signer() {
    }

    /** The Base64 signature of a base string; a null token secret is the empty one of two-legged OAuth. */
    public static String sign(String baseString, String consumerSecret, String tokenSecret) {
        String key = PercentEncoding.encode(consumerSecret) + '&'
                + PercentEncoding.encode(tokenSecret == null ? "" : tokenSecret);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable in this JVM", e);
        }
    }

    /** Whether the client's signature is the one the secrets give, compared in constant time. */
    public static boolean verify(String claimedBase64, String baseString, String consumerSecret, String tokenSecret) {
        if (claimedBase64 == null) {
            return false;
        }
        byte[] expected = sign(baseString, consumerSecret, tokenSecret).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, claimedBase64.getBytes(StandardCharsets.UTF_8));
    }
}
