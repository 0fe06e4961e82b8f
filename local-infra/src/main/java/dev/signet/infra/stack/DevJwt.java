package dev.signet.infra.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints a fresh AMO API JWT (HS256; iss, iat, exp = iat + 300, a random jti) for the local stack's dev
 * API key, so that curl users can call the API: {@code curl -H "Authorization: JWT $(./signet jwt)" ...}.
 */
public final class DevJwt {

    private DevJwt() {
    }

    public static String token(String issuer, String secret) {
        return token(issuer, secret, true);
    }

    /** Without a jti the token is what sign-addon and web-ext send: reusable until it expires, not one-shot. */
    public static String token(String issuer, String secret, boolean withJti) {
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String jti = withJti ? "\"jti\":\"" + java.util.UUID.randomUUID() + "\"," : "";
        String payload = b64("{\"iss\":\"" + issuer + "\"," + jti + "\"iat\":" + now + ",\"exp\":" + (now + 300)
                + "}");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code DevJwt <data dir> [admin-token]}: prints a JWT for the dev key, or the admin token. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : ".signet-data");
        DevCredentials c = DevCredentials.load(data.resolve(DevCredentials.FILE));
        if (args.length > 1 && args[1].equals("admin-token")) {
            System.out.println(c.amoAdminToken());
            return;
        }
        System.out.println(token(c.amoApiKey(), c.amoApiSecret()));
    }
}
