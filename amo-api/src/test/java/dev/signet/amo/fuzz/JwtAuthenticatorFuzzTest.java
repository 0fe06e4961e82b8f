package dev.signet.amo.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.amo.auth.JwtAuthenticator;
import dev.signet.amo.error.AmoException;
import dev.signet.testing.hostile.ClientMessages;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * amo-api's JWT authentication on fuzzed {@code Authorization} headers: forged strings, tokens signed with the
 * right or a wrong key and any algorithm, and well-signed tokens with fuzzed claims. It either returns the key's
 * user — only for an HS256 token signed with the key's secret, with iss, a lifetime of at most 305 s, iat not in
 * the future, not expired, and a jti never seen before — or throws {@link AmoException} 401 with a readable
 * detail. Anything else (another exception, a 5xx, an accepted token that breaks a rule) is a finding.
 */
class JwtAuthenticatorFuzzTest {

    private static final String[] ALGORITHMS = {"HS256", "HS384", "HS512", "none", "RS256", "ES256", "hs256", ""};

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"JWT ", "Bearer ", "eyJ", "\"alg\"", "\"HS256\"", "\"none\"", "\"iss\"", "\"iat\"", "\"exp\"",
            "\"jti\"", "\"orig_iat\"", "user:42:7", "1e308", "-1", "9223372036854775807", "null", "[]", "{}", "."})
    void authenticate(FuzzedDataProvider data) throws JoseException {
        JwtAuthenticator authenticator = JwtFixture.authenticator();
        long now = System.currentTimeMillis() / 1000;
        int mode = data.consumeInt(0, 3);
        String header;
        JwtClaims expected = null;
        switch (mode) {
            case 0 -> header = data.consumeRemainingAsString();
            case 1 -> header = "JWT " + data.consumeRemainingAsString();
            case 2 -> {
                expected = claims(data, now);
                header = "JWT " + sign(data, expected.toJson());
            }
            default -> header = "JWT " + sign(data, data.consumeRemainingAsString());
        }
        long user;
        try {
            user = authenticator.authenticate(header);
        } catch (AmoException e) {
            assertEquals(401, e.status(), e.getMessage());
            ClientMessages.assertReadable(e.getMessage());
            return;
        }
        assertEquals(JwtFixture.USER_ID, user);
        assertTrue(mode >= 2, () -> "accepted a token the fuzzer could not sign: " + header);
        assertFollowsTheRules(header, now);
        if (expected != null && expected.hasClaim("jti")) {
            try {
                authenticator.authenticate(header);
                throw new AssertionError("a token with a jti was accepted twice: " + header);
            } catch (AmoException e) {
                assertEquals(401, e.status());
            }
        }
    }

    /** Claims near the rules' edges: iss right or not, iat/exp around now, an optional jti and extra claim. */
    private static JwtClaims claims(FuzzedDataProvider data, long now) {
        JwtClaims claims = new JwtClaims();
        if (data.consumeBoolean()) {
            claims.setIssuer(data.consumeBoolean() ? JwtFixture.ISSUER : data.consumeString(20));
        }
        long iat = now + data.consumeLong(-400, 400);
        if (data.consumeBoolean()) {
            claims.setClaim("iat", data.consumeBoolean() ? iat : data.consumeLong());
        }
        if (data.consumeBoolean()) {
            claims.setClaim("exp", data.consumeBoolean() ? iat + data.consumeLong(-10, 700) : data.consumeLong());
        }
        if (data.consumeBoolean()) {
            claims.setJwtId(data.consumeString(40));
        }
        if (data.consumeBoolean()) {
            Object value = data.consumeBoolean() ? data.consumeString(20) : data.consumeDouble();
            claims.setClaim(data.consumeString(12), value);
        }
        return claims;
    }

    /** Signs with the key's secret (or another one) under a fuzzer-picked algorithm, key checks off. */
    private static String sign(FuzzedDataProvider data, String payload) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        String alg = data.pickValue(ALGORITHMS);
        jws.setAlgorithmHeaderValue(alg);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        String secret = data.consumeBoolean() ? JwtFixture.SECRET : data.consumeString(64) + "x";
        if (!alg.startsWith("HS")) {
            // Not an HMAC algorithm: the signature part is whatever the fuzzer says.
            return jws.getHeaders().getEncodedHeader() + "." + base64(payload) + "." + base64(data.consumeString(64));
        }
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        return jws.getCompactSerialization();
    }

    /** What an accepted token must have been: the checks re-done on its claims, independently of the authenticator. */
    private static void assertFollowsTheRules(String header, long before) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(header.substring(4));
        assertEquals("HS256", jws.getAlgorithmHeaderValue(), "accepted a token not signed with HS256");
        jws.setKey(new HmacKey(JwtFixture.SECRET.getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        assertTrue(jws.verifySignature(), "accepted a token not signed with the key's secret");
        try {
            JwtClaims claims = JwtClaims.parse(jws.getPayload());
            assertEquals(JwtFixture.ISSUER, claims.getIssuer());
            NumericDate iat = claims.getIssuedAt();
            NumericDate exp = claims.getExpirationTime();
            long after = System.currentTimeMillis() / 1000 + 1;
            long leeway = JwtFixture.LEEWAY.toSeconds();
            assertTrue(exp.getValue() - iat.getValue() <= JwtFixture.MAX_LIFETIME.toSeconds(), "lifetime too long");
            assertTrue(iat.getValue() <= after + leeway, "iat in the future");
            assertTrue(exp.getValue() >= before - leeway - 1, "expired");
            assertTrue(!claims.hasClaim("orig_iat"), "refreshable token accepted");
        } catch (MalformedClaimException | InvalidJwtException e) {
            throw new AssertionError("accepted a token with malformed claims: " + e.getMessage() + " in " + header, e);
        }
    }

    private static String base64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
