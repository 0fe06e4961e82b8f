package dev.signet.autograph.auth.hawk;

import dev.signet.autograph.auth.AuthException;
import dev.signet.autograph.auth.Authorizations;
import dev.signet.autograph.config.SignerServiceConfig;
import dev.signet.hawk.HawkRequest;
import dev.signet.hawk.HawkResult;
import dev.signet.hawk.HawkVerifier;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Quarkus-side Hawk: maps the Vert.x request onto {@link HawkRequest} (raw request target as the resource, host
 * and port from the {@code Host} header, 443 without a port) and turns a refusal into a 401 {@link AuthException}.
 * Resources call it after reading the size-limited body, so the payload hash is always checked against the exact
 * bytes received.
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
        HawkRequest hawkRequest = HawkRequest.fromHostHeader(request.method().name(), request.uri(),
                request.getHeader("Host"), request.getHeader("Authorization"), request.getHeader("Content-Type"));
        HawkResult result = verifier.verify(hawkRequest, payload);
        if (!result.ok()) {
            LOG.debugf("hawk refused id=%s: %s", result.id(), result.message());
            throw new AuthException(401, "authorization verification failed: " + result.message(),
                    result.wwwAuthenticate());
        }
        return result.id();
    }

    public HawkVerifier verifier() {
        return verifier;
    }
}
