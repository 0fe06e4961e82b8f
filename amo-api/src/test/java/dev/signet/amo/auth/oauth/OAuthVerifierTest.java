package dev.signet.amo.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal of the verifier, and the order of its checks. The consumer secret is a test-only value. */
class OAuthVerifierTest {

    private static final String KEY = "test-consumer";
    private static final String SECRET = "test-only-secret&not-used-anywhere";
    private static final long NOW = 1_700_000_000L;
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";
    private static final byte[] JSON_BODY = "{\"name\": \"é\"}".getBytes(StandardCharsets.UTF_8);

    private final Set<String> usedNonces = new HashSet<>();
    private int nonceChecks;

    private final OAuthVerifier verifier = new OAuthVerifier(
            key -> key.equals(KEY) ? Optional.of(SECRET) : Optional.empty(),
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), SKEW,
            (key, nonce, timestamp) -> {
                nonceChecks++;
                return usedNonces.add(key + ' ' + nonce + ' ' + timestamp);
            });

    @Test
    void aSignedGetIsAccepted() {
        assertEquals(KEY, verifier.verify(signed(params(), "q=a+b&q=%C3%A9", List.of()), null, null));
        assertEquals(1, nonceChecks);
    }

    @Test
    void aSignedFormPostIsAccepted() {
        List<Map.Entry<String, String>> form = FormEncoding.parse("name=My+Add-on&tag=a&tag=b");
        OAuthRequest request = signed("POST", params(), null, form, SECRET);
        assertEquals(KEY, verifier.verify(request, "name=My+Add-on&tag=a&tag=b".getBytes(StandardCharsets.UTF_8),
                FORM + "; charset=UTF-8"));
    }

    @Test
    void aJsonBodyIsAcceptedWithAMatchingBodyHashOrWithout() {
        Map<String, String> withHash = params();
        withHash.put("oauth_body_hash", BodyHash.of(JSON_BODY));
        assertEquals(KEY, verifier.verify(signed("PUT", withHash, null, List.of(), SECRET), JSON_BODY, JSON));
        Map<String, String> withoutHash = params();
        withoutHash.put("oauth_nonce", "other");
        assertEquals(KEY, verifier.verify(signed("PUT", withoutHash, null, List.of(), SECRET), JSON_BODY, JSON));
    }

    @Test
    void anEmptyBodyHashesAsTheEmptyString() {
        Map<String, String> oauth = params();
        oauth.put("oauth_body_hash", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
        assertEquals(KEY, verifier.verify(signed("DELETE", oauth, null, List.of(), SECRET), new byte[0], null));
    }

    @Test
    void anEmptyTokenIsTheAbsentOne() {
        Map<String, String> oauth = params();
        oauth.put("oauth_token", "");
        assertEquals(KEY, verifier.verify(signed(oauth, null, List.of()), null, null));
    }

    @Test
    void oauthParametersOutsideTheHeaderAreRefused() {
        String reason = "OAuth parameters must be sent in the Authorization header only.";
        assertReason(reason, signed(params(), "oauth_body_hash=x", List.of()), null, null);
        assertReason(reason, signed(params(), null, List.of(Map.entry("oauth_token", "t"))), null, FORM);
    }

    @Test
    void aMalformedQueryIsRefused() {
        List<Map.Entry<String, String>> oauth = new ArrayList<>(entries(params()));
        oauth.add(Map.entry("oauth_signature", "c2lnbmF0dXJl"));
        assertReason("Malformed query string.", request("GET", oauth, "a=%zz", List.of()), null, null);
    }

    @Test
    void duplicateProtocolParametersAreRefused() {
        List<Map.Entry<String, String>> oauth = new ArrayList<>(entries(params()));
        oauth.add(Map.entry("oauth_nonce", "again"));
        assertReason("Duplicate OAuth parameter oauth_nonce.", request("GET", oauth, null, List.of()), null, null);
    }

    @Test
    void theSignatureMethodMustBeHmacSha1() {
        Map<String, String> oauth = params();
        oauth.remove("oauth_signature_method");
        assertReason("Missing oauth_signature_method.", signed(oauth, null, List.of()), null, null);
        for (String method : List.of("PLAINTEXT", "RSA-SHA1", "HMAC-SHA256", "hmac-sha1")) {
            oauth.put("oauth_signature_method", method);
            assertReason("Unsupported oauth_signature_method.", signed(oauth, null, List.of()), null, null);
        }
    }

    @Test
    void theVersionIfSentMustBe10() {
        Map<String, String> oauth = params();
        oauth.put("oauth_version", "1.0a");
        assertReason("Unsupported oauth_version; only 1.0 is accepted.", signed(oauth, null, List.of()), null, null);
        oauth.remove("oauth_version");
        assertEquals(KEY, verifier.verify(signed(oauth, null, List.of()), null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oauth_consumer_key", "oauth_timestamp", "oauth_nonce"})
    void requiredParametersMustBePresentAndNonEmpty(String name) {
        Map<String, String> oauth = params();
        oauth.remove(name);
        assertReason("Missing " + name + ".", signed(oauth, null, List.of()), null, null);
        oauth.put(name, "");
        assertReason("Missing " + name + ".", signed(oauth, null, List.of()), null, null);
    }

    @Test
    void theSignatureMustBePresentAndNonEmpty() {
        assertReason("Missing oauth_signature.", request("GET", entries(params()), null, List.of()), null, null);
        List<Map.Entry<String, String>> oauth = new ArrayList<>(entries(params()));
        oauth.add(Map.entry("oauth_signature", ""));
        assertReason("Missing oauth_signature.", request("GET", oauth, null, List.of()), null, null);
    }

    @Test
    void anOverlongNonceIsRefused() {
        Map<String, String> oauth = params();
        oauth.put("oauth_nonce", "n".repeat(256));
        assertReason("oauth_nonce is longer than 255 characters.", signed(oauth, null, List.of()), null, null);
        oauth.put("oauth_nonce", "n".repeat(255));
        assertEquals(KEY, verifier.verify(signed(oauth, null, List.of()), null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5", "+1700000000", "0", "000", "1700000000.5", "1.7e9", " 1700000000"})
    void theTimestampMustBeAPositiveInteger(String timestamp) {
        Map<String, String> oauth = params();
        oauth.put("oauth_timestamp", timestamp);
        assertReason("oauth_timestamp must be a positive integer.", signed(oauth, null, List.of()), null, null);
    }

    @Test
    void theTimestampMustBeWithinTheSkewOfNow() {
        long skew = SKEW.toSeconds();
        for (String timestamp : List.of(String.valueOf(NOW - skew - 1), String.valueOf(NOW + skew + 1), "1",
                "99999999999999999999999999")) {
            Map<String, String> oauth = params();
            oauth.put("oauth_timestamp", timestamp);
            assertReason("Timestamp outside the allowed window.", signed(oauth, null, List.of()), null, null);
        }
        for (long timestamp : new long[] {NOW - skew, NOW + skew}) {
            Map<String, String> oauth = params();
            oauth.put("oauth_timestamp", "0" + timestamp);
            assertEquals(KEY, verifier.verify(signed(oauth, null, List.of()), null, null));
        }
    }

    @Test
    void anUnknownConsumerKeyIsRefused() {
        Map<String, String> oauth = params();
        oauth.put("oauth_consumer_key", "someone-else");
        assertReason("Unknown consumer key.", signed(oauth, null, List.of()), null, null);
    }

    @Test
    void accessTokensAreRefused() {
        Map<String, String> oauth = params();
        oauth.put("oauth_token", "kkk9d7dh3k39sjv7");
        assertReason("Access tokens are not supported; sign with the consumer key only (two-legged).",
                signed(oauth, null, List.of()), null, null);
    }

    @Test
    void aBodyHashIsRefusedOnFormBodies() {
        Map<String, String> oauth = params();
        oauth.put("oauth_body_hash", BodyHash.of("a=1".getBytes(StandardCharsets.UTF_8)));
        assertReason("oauth_body_hash is not allowed on form-encoded bodies.",
                signed("POST", oauth, null, FormEncoding.parse("a=1"), SECRET), "a=1".getBytes(StandardCharsets.UTF_8),
                FORM);
    }

    @Test
    void aBodyHashMustMatchTheBody() {
        Map<String, String> oauth = params();
        oauth.put("oauth_body_hash", BodyHash.of(JSON_BODY));
        byte[] tampered = "{\"name\": \"e\"}".getBytes(StandardCharsets.UTF_8);
        assertReason("Body hash does not match.", signed("PUT", oauth, null, List.of(), SECRET), tampered, JSON);
    }

    @Test
    void aBodyHashIsRefusedWhenTheBodyIsStreamed() {
        Map<String, String> oauth = params();
        oauth.put("oauth_body_hash", BodyHash.of(JSON_BODY));
        assertReason("oauth_body_hash is not supported on multipart bodies; sign them without it.",
                signed("POST", oauth, null, List.of(), SECRET), null, "multipart/form-data; boundary=b");
    }

    @Test
    void aSignatureWithTheWrongSecretOrOverAnotherRequestIsRefused() {
        assertReason("Invalid signature.", signed("GET", params(), null, List.of(), "wrong"), null, null);
        OAuthRequest good = signed(params(), "x=1", List.of());
        for (OAuthRequest tampered : List.of(
                new OAuthRequest("POST", good.scheme(), good.host(), good.port(), good.rawPath(), good.rawQuery(),
                        good.oauthParams(), good.formParams()),
                new OAuthRequest(good.method(), "http", good.host(), good.port(), good.rawPath(), good.rawQuery(),
                        good.oauthParams(), good.formParams()),
                new OAuthRequest(good.method(), good.scheme(), "evil.example", good.port(), good.rawPath(),
                        good.rawQuery(), good.oauthParams(), good.formParams()),
                new OAuthRequest(good.method(), good.scheme(), good.host(), 8443, good.rawPath(), good.rawQuery(),
                        good.oauthParams(), good.formParams()),
                new OAuthRequest(good.method(), good.scheme(), good.host(), good.port(), "/api/v3/addons/x/",
                        good.rawQuery(), good.oauthParams(), good.formParams()),
                new OAuthRequest(good.method(), good.scheme(), good.host(), good.port(), good.rawPath(), "x=2",
                        good.oauthParams(), good.formParams()),
                new OAuthRequest(good.method(), good.scheme(), good.host(), good.port(), good.rawPath(), "x=1",
                        good.oauthParams(), List.of(Map.entry("y", "1"))))) {
            assertReason("Invalid signature.", tampered, null, null);
        }
    }

    @Test
    void aReplayedNonceIsRefused() {
        OAuthRequest request = signed(params(), null, List.of());
        assertEquals(KEY, verifier.verify(request, null, null));
        assertReason("Nonce already used.", request, null, null);
    }

    @Test
    void theNonceIsSpentOnlyByAValidSignature() {
        assertReason("Invalid signature.", signed("GET", params(), null, List.of(), "wrong"), null, null);
        Map<String, String> oauth = params();
        oauth.put("oauth_consumer_key", "someone-else");
        assertReason("Unknown consumer key.", signed("GET", oauth, null, List.of(), "wrong"), null, null);
        assertEquals(0, nonceChecks, "a forged request must not use up the genuine client's nonce");
        assertEquals(KEY, verifier.verify(signed(params(), null, List.of()), null, null));
    }

    @Test
    void checksRunInTheDocumentedOrder() {
        Map<String, String> oauth = params();
        oauth.put("oauth_consumer_key", "someone-else");
        oauth.put("oauth_timestamp", "1");
        oauth.put("oauth_signature_method", "PLAINTEXT");
        OAuthRequest request = signed("GET", oauth, null, List.of(), "wrong");
        assertReason("Unsupported oauth_signature_method.", request, null, null);
        oauth.put("oauth_signature_method", "HMAC-SHA1");
        assertReason("Timestamp outside the allowed window.", signed("GET", oauth, null, List.of(), "x"), null, null);
        oauth.put("oauth_timestamp", String.valueOf(NOW));
        oauth.put("oauth_token", "t");
        assertReason("Unknown consumer key.", signed("GET", oauth, null, List.of(), "x"), null, null);
        oauth.put("oauth_consumer_key", KEY);
        oauth.put("oauth_body_hash", "not-the-hash");
        assertReason("Access tokens are not supported; sign with the consumer key only (two-legged).",
                signed("PUT", oauth, null, List.of(), "x"), JSON_BODY, JSON);
        oauth.remove("oauth_token");
        assertReason("Body hash does not match.", signed("PUT", oauth, null, List.of(), "x"), JSON_BODY, JSON);
    }

    private static Map<String, String> params() {
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("oauth_consumer_key", KEY);
        oauth.put("oauth_signature_method", "HMAC-SHA1");
        oauth.put("oauth_timestamp", String.valueOf(NOW));
        oauth.put("oauth_nonce", "4572616e48616d6d65724c61686176");
        oauth.put("oauth_version", "1.0");
        return oauth;
    }

    private static OAuthRequest signed(Map<String, String> oauth, String rawQuery,
            List<Map.Entry<String, String>> form) {
        return signed("GET", oauth, rawQuery, form, SECRET);
    }

    private static OAuthRequest signed(String method, Map<String, String> oauth, String rawQuery,
            List<Map.Entry<String, String>> form, String secret) {
        List<Map.Entry<String, String>> params = new ArrayList<>(entries(oauth));
        String base = SignatureBaseString.of(request(method, params, rawQuery, form));
        params.add(Map.entry("oauth_signature", HmacSha1Signer.sign(base, secret, "")));
        return request(method, params, rawQuery, form);
    }

    private static OAuthRequest request(String method, List<Map.Entry<String, String>> oauth, String rawQuery,
            List<Map.Entry<String, String>> form) {
        return new OAuthRequest(method, "https", "signet.example", 443, "/api/v3/addons/", rawQuery, oauth, form);
    }

    private static List<Map.Entry<String, String>> entries(Map<String, String> oauth) {
        return oauth.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    private void assertReason(String reason, OAuthRequest request, byte[] body, String contentType) {
        OAuthException refused = assertThrows(OAuthException.class,
                () -> verifier.verify(request, body, contentType));
        assertEquals(reason, refused.reason());
    }
}
