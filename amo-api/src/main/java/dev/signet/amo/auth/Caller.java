package dev.signet.amo.auth;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who made the current request, once its JWT was checked (a JWT is checked once per request, so a token with
 * a {@code jti} is not refused as its own replay).
 */
@RequestScoped
public class Caller {

    private Long userId;

    public void authenticated(long userId) {
        this.userId = userId;
    }

    /** The authenticated user's id; only on routes behind the JWT filter. */
    public long userId() {
        if (userId == null) {
            throw new IllegalStateException("no authenticated caller: route is not marked @Authenticated");
        }
        return userId;
    }
}
