package dev.signet.autograph.auth.hawk;

import dev.signet.autograph.auth.AuthException;
import dev.signet.autograph.auth.Authorizations;
import dev.signet.autograph.config.SignerServiceConfig;
import dev.signet.hawk.HawkRequest;
import dev.signet.hawk.HawkResult;
import dev.signet.hawk.HawkVerifier;
import dev.signet.hawk.VerifiedHeader;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Quarkus-side Hawk: maps the Vert.x request onto {@link HawkRequest} (raw request target as the resource, host
 * and port from the {@code Host} header, 443 without a port) and turns a refusal into a 401 {@link AuthException}.
 * Signing resources call {@link #verifyHeader} before reading a byte of the body, and {@link #complete} with the
 * payload hash computed while reading it, so the hash is checked against the exact bytes received and a caller
 * without credentials never gets the key holder to buffer a body.
 */
@ApplicationScoped
public class HawkAuthenticator {

    private static final Logger LOG = Logger.getLogger(HawkAuthenticator.class);

    private final HawkVerifier verifier;

    public HawkAuthenticator(Authorizations authorizations, SignerServiceConfig config) {
        this.verifier = new HawkVerifier(authorizations::credentials, config.hawk().timestampSkew(),
                config.hawk().nonceCacheSize(), Clock.systemUTC());
    }

    /**
     * Returns the authenticated caller id.
     *
     * @param payload the body, whose hash is then required and checked; null to check the header only
     */
    public String authenticate(HttpServerRequest request, byte[] payload) {
        HawkResult result = verifier.verify(hawkRequest(request), payload);
        if (!result.ok()) {
            throw refused(result);
        }
        return result.id();
    }

    /** Everything that needs no body: MAC, id, timestamp, nonce not yet used. */
    public VerifiedHeader verifyHeader(HttpServerRequest request) {
        HawkVerifier.HeaderCheck check = verifier.verifyHeader(hawkRequest(request));
        if (!check.ok()) {
            throw refused(check.failure());
        }
        return check.header();
    }

    /** Checks the body's payload hash against the verified header, records the nonce, returns the caller id. */
    public String complete(VerifiedHeader header, String payloadHash) {
        HawkResult result = verifier.completeWithPayload(header, payloadHash);
        if (!result.ok()) {
            throw refused(result);
        }
        return result.id();
    }

    private static HawkRequest hawkRequest(HttpServerRequest request) {
        // host(): the Host header, or :authority for HTTP/2 (h2c), which has no Host header.
        return HawkRequest.fromHostHeader(request.method().name(), request.uri(), request.host(),
                request.getHeader("Authorization"), request.getHeader("Content-Type"));
    }

    private static AuthException refused(HawkResult result) {
        LOG.debugf("hawk refused id=%s: %s", result.id(), result.message());
        return new AuthException(401, "authorization verification failed: " + result.message(),
                result.wwwAuthenticate());
    }

    public HawkVerifier verifier() {
        return verifier;
    }
}
