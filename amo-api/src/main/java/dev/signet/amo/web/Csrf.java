package dev.signet.amo.web;

import dev.signet.amo.account.SessionService;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens for the web UI's forms. In a session the token is an HMAC of the session's digest, so it needs no
 * storage and dies with the session; before login (the login and sign-up forms) it is a random value that must also
 * be in a cookie (double submit). Either way a POST whose Origin is another site is refused first.
 */
@ApplicationScoped
public class Csrf {

    static final String COOKIE = "signet_csrf";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    /** Behind a proxy that rewrites Host, the public URL is the origin browsers send. */
    private final String publicAuthority;

    public Csrf(AmoConfig config) {
        this.publicAuthority = config.publicUrl().map(u -> URI.create(u).getRawAuthority()).orElse(null);
        try {
            byte[] derived = MessageDigest.getInstance("SHA-256").digest(("signet csrf v1 " + config.secrets().key())
                    .getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(derived, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String forSession(SessionService.Session session) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal(session.digest()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String fresh() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return B64.encodeToString(raw);
    }

    public void checkSession(HttpServerRequest http, SessionService.Session session, String submitted) {
        checkOrigin(http);
        if (!same(forSession(session), submitted)) {
            throw refused();
        }
    }

    public void checkDoubleSubmit(HttpServerRequest http, String submitted) {
        checkOrigin(http);
        Cookie cookie = http.getCookie(COOKIE);
        if (cookie == null || !same(cookie.getValue(), submitted)) {
            throw refused();
        }
    }

    /** Browsers send Origin with every form POST: one naming another host is a cross-site request. */
    private void checkOrigin(HttpServerRequest http) {
        String origin = http.getHeader("Origin");
        if (origin == null) {
            return;
        }
        String host = http.getHeader("Host");
        try {
            String authority = URI.create(origin).getRawAuthority();
            if (authority == null || !(authority.equalsIgnoreCase(host == null ? "" : host)
                    || authority.equalsIgnoreCase(publicAuthority == null ? "" : publicAuthority))) {
                throw refused();
            }
        } catch (IllegalArgumentException e) {
            throw refused();
        }
    }

    private static boolean same(String expected, String submitted) {
        return submitted != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                submitted.getBytes(StandardCharsets.US_ASCII));
    }

    private static AmoException refused() {
        return AmoException.detail(403, "The form has expired or came from another site. Reload the page and try"
                + " again.");
    }
}
