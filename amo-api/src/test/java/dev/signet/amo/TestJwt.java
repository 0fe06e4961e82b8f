package dev.signet.amo;

import java.nio.charset.StandardCharsets;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Builds JWTs as AMO's clients do (sign-addon: iss, iat, exp = iat + 300; optional jti). */
public final class TestJwt {

    private TestJwt() {
    }

    static String token(String issuer, String secret, long iat, long exp, String jti) {
        JwtClaims claims = new JwtClaims();
        if (issuer != null) {
            claims.setIssuer(issuer);
        }
        claims.setClaim("iat", iat);
        claims.setClaim("exp", exp);
        if (jti != null) {
            claims.setJwtId(jti);
        }
        return sign(claims.toJson(), secret, AlgorithmIdentifiers.HMAC_SHA256);
    }

    public static String valid(String issuer, String secret) {
        long now = System.currentTimeMillis() / 1000;
        return "JWT " + token(issuer, secret, now, now + 300, null);
    }

    static String sign(String payload, String secret, String alg) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(alg);
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
