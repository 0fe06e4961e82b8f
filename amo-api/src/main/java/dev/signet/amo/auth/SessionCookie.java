package dev.signet.amo.auth;

/** The web UI's session cookie: its name in one place. */
public final class SessionCookie {

    public static final String NAME = "signet_session";

    private SessionCookie() {
    }
}
