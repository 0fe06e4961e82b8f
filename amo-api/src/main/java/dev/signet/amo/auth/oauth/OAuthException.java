package dev.signet.amo.auth.oauth;

/**
 * A request that OAuth 1.0a refuses. The reason is sent to the client as {@code {"reason": "..."}}, so it names the
 * cause in one short sentence and never echoes a secret.
 */
public class OAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OAuthException(String reason) {
        // A refusal is an answer to a client, not a fault: no stack trace is worth its cost.
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
