package dev.signet.hawk;

/** A malformed Hawk header or argument. */
public class HawkException extends RuntimeException {

    public HawkException(String message) {
        super(message);
    }
}
