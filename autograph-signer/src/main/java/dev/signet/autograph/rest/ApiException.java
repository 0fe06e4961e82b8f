package dev.signet.autograph.rest;

/** A client error with a status and a message meant for the caller. */
public class ApiException extends RuntimeException {

    private final int status;
    private final int retryAfterSeconds;

    public ApiException(int status, String message) {
        this(status, message, 0);
    }

    private ApiException(int status, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503: the service is saturated, the client should retry after the given delay. */
    public static ApiException busy(String message, int retryAfterSeconds) {
        return new ApiException(503, message, retryAfterSeconds);
    }

    /** The {@code Retry-After} seconds to send, or 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public int status() {
        return status;
    }
}
