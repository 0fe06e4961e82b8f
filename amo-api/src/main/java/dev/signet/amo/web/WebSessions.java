package dev.signet.amo.web;

import dev.signet.amo.account.SessionService;
import dev.signet.amo.auth.SessionCookie;
import dev.signet.amo.config.AmoConfig;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.time.Instant;
import java.util.Optional;

/**
 * The web UI's session cookie: HttpOnly (no script reads it), SameSite=Lax (a cross-site POST does not carry it) and
 * Secure when the request came over TLS, directly or through a proxy that says so.
 */
@ApplicationScoped
public class WebSessions {

    private final SessionService sessions;
    private final AmoConfig config;

    public WebSessions(SessionService sessions, AmoConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    public Optional<SessionService.Session> current(HttpServerRequest http) {
        Cookie cookie = http.getCookie(SessionCookie.NAME);
        return cookie == null ? Optional.empty() : sessions.find(cookie.getValue(), Instant.now());
    }

    /** The cookie's token, for logout. */
    public Optional<String> token(HttpServerRequest http) {
        return Optional.ofNullable(http.getCookie(SessionCookie.NAME)).map(Cookie::getValue);
    }

    public NewCookie opened(String token, HttpServerRequest http) {
        return cookie(SessionCookie.NAME, token, (int) config.accounts().sessionLifetime().toSeconds(), http);
    }

    public NewCookie cleared(HttpServerRequest http) {
        return cookie(SessionCookie.NAME, "", 0, http);
    }

    NewCookie cookie(String name, String value, int maxAge, HttpServerRequest http) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).secure(secure(http))
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    private boolean secure(HttpServerRequest http) {
        return switch (config.accounts().secureCookie()) {
            case "always" -> true;
            case "never" -> false;
            default -> http.isSSL() || "https".equalsIgnoreCase(http.getHeader("X-Forwarded-Proto"));
        };
    }
}
