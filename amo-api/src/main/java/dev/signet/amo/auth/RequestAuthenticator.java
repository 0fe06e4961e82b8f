package dev.signet.amo.auth;

import dev.signet.amo.account.SessionService;
import dev.signet.amo.auth.oauth.OAuthHeader;
import dev.signet.amo.error.AmoException;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Instant;
import java.util.List;

/**
 * Who is calling, from whichever credential the request carries: an {@code Authorization: JWT} (AMO's API keys), an
 * {@code Authorization: OAuth} signature (the Marketplace's command-line tools), a session token as the
 * {@code _user} query parameter (the Marketplace's shared-secret login) or, on GET and HEAD only, the web UI's
 * session cookie. The cookie is not accepted where state changes: a cross-site form could make a browser send it,
 * and these routes have no CSRF token.
 */
@ApplicationScoped
public class RequestAuthenticator {

    private final JwtAuthenticator jwt;
    private final OAuthAuthenticator oauth;
    private final SessionService sessions;

    public RequestAuthenticator(JwtAuthenticator jwt, OAuthAuthenticator oauth, SessionService sessions) {
        this.jwt = jwt;
        this.oauth = oauth;
        this.sessions = sessions;
    }

    /** The caller's account id, or a 401 naming what was wrong. */
    public long authenticate(ContainerRequestContext request, RoutingContext http) {
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && OAuthHeader.isOAuth(authorization)) {
            return oauth.authenticate(request, http, authorization);
        }
        if (authorization != null) {
            return jwt.authenticate(authorization);
        }
        List<String> user = http.queryParam("_user");
        if (!user.isEmpty()) {
            return session(user.get(0));
        }
        String method = request.getMethod();
        Cookie cookie = http.request().getCookie(SessionCookie.NAME);
        if (cookie != null && ("GET".equals(method) || "HEAD".equals(method))) {
            return session(cookie.getValue());
        }
        return jwt.authenticate(null);
    }

    private long session(String token) {
        return sessions.find(token, Instant.now()).map(SessionService.Session::userId)
                .orElseThrow(() -> AmoException.unauthorized("Invalid or expired session token.", "api"));
    }
}
