package dev.signet.autograph.signer;

/**
 * A signing failure. {@link #badInput} marks errors caused by the request (answered 400 with the message);
 * anything else is a server fault (answered 500 with a generic message, details only in the log).
 */
public class SignerException extends Exception {

    private final boolean badInput;

    private SignerException(String message, Throwable cause, boolean badInput) {
        super(message, cause);
        this.badInput = badInput;
    }

    public static SignerException badInput(String message) {
        return new SignerException(message, null, true);
    }

    public static SignerException failure(String message, Throwable cause) {
        return new SignerException(message, cause, false);
    }

    public boolean isBadInput() {
        return badInput;
    }
}
