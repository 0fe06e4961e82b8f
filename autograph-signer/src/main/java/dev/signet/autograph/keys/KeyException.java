package dev.signet.autograph.keys;

/** A key could not be loaded or used. */
public class KeyException extends Exception {

    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
