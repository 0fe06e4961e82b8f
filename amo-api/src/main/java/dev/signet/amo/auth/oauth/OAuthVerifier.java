package dev.signet.amo.auth.oauth;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Two-legged OAuth 1.0a (RFC 5849, HMAC-SHA1, with the body hash extension): decides whether a request was signed
 * by a known consumer. Cheap checks come first and the nonce is spent last, so a forged request cannot use up a
 * genuine client's nonces.
 */
public final class OAuthVerifier {

    /** Records a nonce; answers false when this consumer already used it at this timestamp. */
    @FunctionalInterface
    public interface NonceCheck {
        boolean firstUse(String consumerKey, String nonce, long timestamp);
    }

    // A nonce is stored until its timestamp leaves the window; this bounds what one request can make us keep.
    static final int MAX_NONCE_LENGTH = 255;

    private final Function<String, Optional<String>> consumerSecrets;
    private final Clock clock;
    private final Duration maxClockSkew;
    private final NonceCheck nonces;

    public OAuthVerifier(Function<String, Optional<String>> consumerSecrets, Clock clock, Duration maxClockSkew,
            NonceCheck nonces) {
        this.consumerSecrets = Objects.requireNonNull(consumerSecrets, "consumerSecrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /**
     * Returns the consumer key that signed the request, or throws {@link OAuthException} naming the first failure.
     *
     * @param body the body bytes (empty when the request has none), or null when they are not at hand because the
     *     body is streamed (a multipart upload)
     * @param contentType the request's Content-Type header, or null
     */
    public String verify(OAuthRequest request, byte[] body, String contentType) {
        Map<String, String> oauth = protocolParameters(request);
        String method = oauth.get("oauth_signature_method");
        if (method == null || method.isEmpty()) {
            throw new OAuthException("Missing oauth_signature_method.");
        }
        if (!method.equals("HMAC-SHA1")) {
            throw new OAuthException("Unsupported oauth_signature_method.");
        }
        String version = oauth.get("oauth_version");
        if (version != null && !version.equals("1.0")) {
            throw new OAuthException("Unsupported oauth_version; only 1.0 is accepted.");
        }
        String consumerKey = required(oauth, "oauth_consumer_key");
        String signature = required(oauth, "oauth_signature");
        long timestamp = timestamp(required(oauth, "oauth_timestamp"));
        String nonce = required(oauth, "oauth_nonce");
        if (nonce.length() > MAX_NONCE_LENGTH) {
            throw new OAuthException("oauth_nonce is longer than " + MAX_NONCE_LENGTH + " characters.");
        }
        checkWindow(timestamp);
        String secret = consumerSecrets.apply(consumerKey)
                .orElseThrow(() -> new OAuthException("Unknown consumer key."));
        String token = oauth.get("oauth_token");
        if (token != null && !token.isEmpty()) {
            throw new OAuthException("Access tokens are not supported; sign with the consumer key only (two-legged).");
        }
        checkBodyHash(oauth.get("oauth_body_hash"), body, contentType);
        if (!HmacSha1Signer.verify(signature, SignatureBaseString.of(request), secret, "")) {
            throw new OAuthException("Invalid signature.");
        }
        if (!nonces.firstUse(consumerKey, nonce, timestamp)) {
            throw new OAuthException("Nonce already used.");
        }
        return consumerKey;
    }

    /**
     * The header parameters by name. Protocol parameters are read from the header only, so an {@code oauth_}
     * parameter elsewhere (RFC 5849 §3.5 allows one location per request) is refused rather than silently ignored.
     */
    private static Map<String, String> protocolParameters(OAuthRequest request) {
        if (hasOAuthName(request.queryParams()) || hasOAuthName(request.formParams())) {
            throw new OAuthException("OAuth parameters must be sent in the Authorization header only.");
        }
        Map<String, String> byName = new HashMap<>();
        for (Map.Entry<String, String> param : request.oauthParams()) {
            if (byName.putIfAbsent(param.getKey(), param.getValue()) != null) {
                throw new OAuthException("Duplicate OAuth parameter " + PercentEncoding.encode(param.getKey()) + ".");
            }
        }
        return byName;
    }

    private static boolean hasOAuthName(List<Map.Entry<String, String>> params) {
        return params.stream().anyMatch(param -> param.getKey().startsWith("oauth_"));
    }

    private static String required(Map<String, String> oauth, String name) {
        String value = oauth.get(name);
        if (value == null || value.isEmpty()) {
            throw new OAuthException("Missing " + name + ".");
        }
        return value;
    }

    private static long timestamp(String value) {
        // Digits only: Long.parseLong would also take "+12" and "-0".
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new OAuthException("oauth_timestamp must be a positive integer.");
        }
        // Too long for a long is far outside any window; the window check refuses it.
        long seconds = value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
        if (seconds == 0) {
            throw new OAuthException("oauth_timestamp must be a positive integer.");
        }
        return seconds;
    }

    private void checkWindow(long timestamp) {
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > maxClockSkew.toSeconds()) {
            throw new OAuthException("Timestamp outside the allowed window.");
        }
    }

    /** The signature covers the body only through its hash, so a body hash that is sent must hold. */
    private static void checkBodyHash(String claimed, byte[] body, String contentType) {
        if (claimed == null) {
            return;
        }
        if (FormEncoding.isFormContentType(contentType)) {
            // Form parameters are already in the base string; the extension forbids a second account of them.
            throw new OAuthException("oauth_body_hash is not allowed on form-encoded bodies.");
        }
        if (body == null) {
            throw new OAuthException("oauth_body_hash is not supported on multipart bodies; sign them without it.");
        }
        if (!BodyHash.matches(claimed, body)) {
            throw new OAuthException("Body hash does not match.");
        }
    }
}
