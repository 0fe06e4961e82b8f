package dev.signet.hawk;

/**
 * Outcome of {@link HawkVerifier#verify}. On failure, {@code message} is safe to show the client and
 * {@code wwwAuthenticate} is set for a stale timestamp (server time plus its MAC so the client can resync).
 */
public record HawkResult(boolean ok, String id, Failure failure, String message, String wwwAuthenticate) {

    /** Why a request was refused; every failure is a 401. */
    public enum Failure {
        MISSING_HEADER,
        BAD_HEADER,
        UNKNOWN_ID,
        BAD_MAC,
        STALE_TIMESTAMP,
        MISSING_PAYLOAD_HASH,
        BAD_PAYLOAD_HASH,
        REPLAYED_NONCE
    }

    static HawkResult success(String id) {
        return new HawkResult(true, id, null, null, null);
    }

    static HawkResult failure(Failure failure, String id, String message) {
        return new HawkResult(false, id, failure, message, null);
    }

    static HawkResult stale(String id, String message, String wwwAuthenticate) {
        return new HawkResult(false, id, Failure.STALE_TIMESTAMP, message, wwwAuthenticate);
    }
}
