package dev.signet.worker.client;

/**
 * A signer call that failed. {@code transientFailure} says whether trying again later may succeed (connection
 * or timeout errors, 5xx, 429, 409 "same request still in progress") or not (any other 4xx, an unreadable
 * answer). The message is for the log; {@link #reason()} is the plain sentence a developer may read in the
 * validation report (no Java type names, no internal addresses).
 */
public class SignerException extends Exception {

    private final boolean transientFailure;
    private final String reason;

    public SignerException(String message, String reason, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public SignerException(String message, String reason, boolean transientFailure) {
        this(message, reason, transientFailure, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public String reason() {
        return reason;
    }
}
