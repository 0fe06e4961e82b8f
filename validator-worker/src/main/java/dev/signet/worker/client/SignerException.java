package dev.signet.worker.client;

/**
 * A signer call that failed. {@code transientFailure} says whether trying again later may succeed (5xx,
 * 429, connection or timeout errors) or not (any other 4xx, an unreadable answer).
 */
public class SignerException extends Exception {

    private final boolean transientFailure;

    public SignerException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public SignerException(String message, boolean transientFailure) {
        this(message, transientFailure, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
