package dev.signet.worker.linter;

/**
 * The linter could not give a verdict on a file: it is not installed, timed out, or its process died. The
 * message is a plain sentence fit for a validation report; details stay in the log.
 */
public class LinterException extends Exception {

    public LinterException(String message) {
        super(message);
    }

    public LinterException(String message, Throwable cause) {
        super(message, cause);
    }
}
