package dev.signet.amo.auth;

import dev.signet.amo.account.OAuthConsumerService;
import dev.signet.amo.auth.oauth.FormEncoding;
import dev.signet.amo.auth.oauth.OAuthException;
import dev.signet.amo.auth.oauth.OAuthHeader;
import dev.signet.amo.auth.oauth.OAuthRequest;
import dev.signet.amo.auth.oauth.OAuthVerifier;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two-legged OAuth 1.0a (RFC 5849, HMAC-SHA1) on the AMO routes: the request is rebuilt as the client signed it (the
 * public URL's scheme, host and port when amo.public-url is set, else the request's own), the small bodies that the
 * signature or {@code oauth_body_hash} covers are read here and handed on to the resource unchanged, and the nonce
 * is recorded only once the signature is good.
 */
@ApplicationScoped
public class OAuthAuthenticator {

    private final OAuthConsumerService consumers;
    private final OAuthNonces nonces;
    private final AmoConfig config;
    private final Optional<URI> publicUrl;

    public OAuthAuthenticator(OAuthConsumerService consumers, OAuthNonces nonces, AmoConfig config) {
        this.consumers = consumers;
        this.nonces = nonces;
        this.config = config;
        this.publicUrl = config.publicUrl().map(URI::create);
    }

    /** The account whose consumer signed the request, or a 401 {@code {"reason": ...}}. */
    @Transactional
    public long authenticate(ContainerRequestContext request, RoutingContext http, String authorization) {
        try {
            List<Map.Entry<String, String>> params = OAuthHeader.parse(authorization);
            String contentType = request.getHeaderString("Content-Type");
            boolean form = FormEncoding.isFormContentType(contentType);
            boolean bodyHash = params.stream().anyMatch(p -> p.getKey().equals("oauth_body_hash"));
            byte[] body = (form || bodyHash) && !multipart(contentType) ? readBody(request) : null;
            List<Map.Entry<String, String>> formParams = form && body != null
                    ? FormEncoding.parse(new String(body, StandardCharsets.US_ASCII)) : List.of();
            OAuthConsumerService.ActiveConsumer[] signer = new OAuthConsumerService.ActiveConsumer[1];
            Instant now = Instant.now();
            OAuthVerifier verifier = new OAuthVerifier(key -> consumers.findActive(key).map(c -> {
                signer[0] = c;
                return c.secret();
            }), Clock.systemUTC(), config.oauth().maxClockSkew(), (key, nonce, timestamp) -> nonces.firstUse(key,
                    nonce, now.plus(config.oauth().maxClockSkew().multipliedBy(2))));
            verifier.verify(target(request, http, params, formParams), body, contentType);
            return signer[0].userId();
        } catch (OAuthException e) {
            throw AmoException.oauthRefused(e.reason());
        } catch (IllegalArgumentException e) {
            throw AmoException.oauthRefused("Malformed form body.");
        }
    }

    private OAuthRequest target(ContainerRequestContext request, RoutingContext http,
            List<Map.Entry<String, String>> params, List<Map.Entry<String, String>> formParams) {
        String rawPath = http.request().path();
        String rawQuery = http.request().query();
        if (publicUrl.isPresent()) {
            URI base = publicUrl.get();
            String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
            return new OAuthRequest(request.getMethod(), base.getScheme(), base.getHost(), base.getPort(),
                    prefix + rawPath, rawQuery, params, formParams);
        }
        HostAndPort authority = http.request().authority();
        if (authority == null) {
            throw new OAuthException("A signed request needs a Host header.");
        }
        return new OAuthRequest(request.getMethod(), http.request().scheme(), authority.host(), authority.port(),
                rawPath, rawQuery, params, formParams);
    }

    /** The whole (small: amo.http.max-json-size caps it) body, put back for the resource to read. */
    private byte[] readBody(ContainerRequestContext request) {
        if (!request.hasEntity()) {
            return new byte[0];
        }
        long cap = config.http().maxJsonSize().asLongValue();
        try (InputStream in = request.getEntityStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
            if (body.length > cap) {
                throw AmoException.error(413, "Request body too large.");
            }
            request.setEntityStream(new ByteArrayInputStream(body));
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("oauth: reading the signed body", e);
        }
    }

    private static boolean multipart(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }
}
