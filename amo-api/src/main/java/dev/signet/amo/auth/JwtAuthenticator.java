package dev.signet.amo.auth;

import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.HmacKey;

/**
 * AMO's JWT API-key authentication, with the checks AMO lacks: HS256 only, {@code iss}/{@code iat}/{@code exp}
 * required, lifetime capped, {@code iat} not in the future, and a {@code jti}, when sent, usable once.
 */
@ApplicationScoped
public class JwtAuthenticator {

    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder()
            .setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification().build();

    private static final int MAX_JTI_LENGTH = 255;

    private final ApiKeyService keys;
    private final AmoConfig config;
    private final EntityManager em;

    public JwtAuthenticator(ApiKeyService keys, AmoConfig config, EntityManager em) {
        this.keys = keys;
        this.config = config;
        this.em = em;
    }

    /** Returns the authenticated user's id for an {@code Authorization} header value, or throws a 401. */
    @Transactional
    public long authenticate(String authorization) {
        String token = token(authorization);
        JwtContext context;
        String issuer;
        try {
            context = UNVERIFIED.process(token);
            issuer = context.getJwtClaims().getIssuer();
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw fail("Error decoding signature.");
        }
        if (issuer == null) {
            throw fail("JWT iss (issuer) claim is missing.");
        }
        ApiKeyService.ActiveKey key = keys.findActive(issuer).orElseThrow(() -> fail("Unknown JWT iss (issuer)."));
        JwtClaims claims = verify(context, key.secret());
        checkLifetime(claims);
        checkReplay(issuer, claims);
        return key.userId();
    }

    private String token(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw fail("Authentication credentials were not provided.");
        }
        String[] parts = authorization.trim().split(" ");
        if (!parts[0].equalsIgnoreCase("JWT")) {
            throw fail("Authentication credentials were not provided.");
        }
        if (parts.length == 1) {
            throw fail("Invalid Authorization header. No credentials provided.");
        }
        if (parts.length > 2) {
            throw fail("Invalid Authorization header. Credentials string should not contain spaces.");
        }
        return parts[1];
    }

    private JwtClaims verify(JwtContext context, String secret) {
        int leeway = (int) config.jwt().leeway().toSeconds();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.HMAC_SHA256)
                .setVerificationKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)))
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                // jose4j adds the clock skew to the issued-at allowance: 0 here, so iat may be at most `leeway`
                // seconds ahead (the allowance given twice accepted tokens 2 x leeway in the future).
                .setAllowedClockSkewInSeconds(leeway)
                .setIssuedAtRestrictions(0, Integer.MAX_VALUE)
                .setSkipDefaultAudienceValidation()
                .build();
        try {
            consumer.processContext(context);
            return context.getJwtClaims();
        } catch (InvalidJwtException e) {
            if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
                throw fail("Signature has expired.");
            }
            if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
                throw fail("Invalid JWT: Token is missing the \"exp\" claim.");
            }
            if (e.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)) {
                throw fail("Invalid JWT: Token is missing the \"iat\" claim.");
            }
            if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                throw fail("JWT iat (issued at time) is invalid. Make sure your system clock is synchronized.");
            }
            if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)
                    || e.getCause() instanceof org.jose4j.lang.InvalidAlgorithmException
                    || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                throw fail("Error decoding signature.");
            }
            throw fail("Invalid JWT Token.");
        }
    }

    private void checkLifetime(JwtClaims claims) {
        try {
            if (claims.hasClaim("orig_iat")) {
                throw fail("API key based tokens are not refreshable, don't include `orig_iat` in their payload.");
            }
            long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
            if (lifetime > config.jwt().maxLifetime().toSeconds()) {
                throw fail("JWT exp (expiration) is too long.");
            }
        } catch (MalformedClaimException e) {
            throw fail("Wrong type for one or more keys in payload");
        }
    }

    /** A jti is optional (sign-addon and web-ext send none); when present it may be used only once. */
    private void checkReplay(String issuer, JwtClaims claims) {
        String jti;
        long exp;
        try {
            jti = claims.getJwtId();
            exp = claims.getExpirationTime().getValue();
        } catch (MalformedClaimException e) {
            throw fail("Wrong type for one or more keys in payload");
        }
        if (jti == null) {
            return;
        }
        if (jti.length() > MAX_JTI_LENGTH || jti.chars().anyMatch(Character::isISOControl)) {
            throw fail("Invalid JWT Token.");
        }
        Instant expires = Instant.ofEpochSecond(exp).plus(config.jwt().leeway());
        int inserted = em.createNativeQuery("INSERT INTO jwt_replay (jwt_issuer, jti, expires_at) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT DO NOTHING")
                .setParameter(1, issuer).setParameter(2, jti).setParameter(3, expires)
                .executeUpdate();
        if (inserted == 0) {
            throw fail("JWT jti (token id) has already been used.");
        }
    }

    private AmoException fail(String detail) {
        return AmoException.unauthorized(detail, config.jwt().realm());
    }
}
