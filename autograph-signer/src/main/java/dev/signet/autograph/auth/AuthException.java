package dev.signet.autograph.auth;

/** Authentication (401) or authorization (401/403) refusal; the message is meant for the caller. */
public class AuthException extends RuntimeException {

    private final int status;
    private final String wwwAuthenticate;

    public AuthException(int status, String message, String wwwAuthenticate) {
        super(message, null, false, false);
        this.status = status;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    public static AuthException unauthorized(String message) {
        return new AuthException(401, message, null);
    }

    public int status() {
        return status;
    }

    /** The {@code WWW-Authenticate} header to send, or null. */
    public String wwwAuthenticate() {
        return wwwAuthenticate;
    }
}
