package dev.signet.amo.error;

import java.util.Map;

/**
 * An error with the status and body AMO gives for it: signing-view errors render as {@code {"error": ...}},
 * framework-level ones (401, 404 routes, 405, 429, 500) as {@code {"detail": ...}}, and the v5 API's field errors as
 * Django REST framework dicts ({@code {"version": ["Version 1.0 already exists."]}}).
 */
public class AmoException extends RuntimeException {

    private final int status;
    private final String field;
    private final Map<String, String> headers;
    private final Map<String, ?> body;

    private AmoException(int status, String field, String message, Map<String, String> headers) {
        this(status, field, message, headers, null);
    }

    private AmoException(int status, String field, String message, Map<String, String> headers, Map<String, ?> body) {
        super(message);
        this.status = status;
        this.field = field;
        this.headers = headers;
        this.body = body;
    }

    /** A DRF field error: {@code {"<field>": ["<message>"]}}. */
    public static AmoException field(int status, String field, String message) {
        return new AmoException(status, field, message, Map.of(), Map.of(field, java.util.List.of(message)));
    }

    /** DRF field errors of a nested object: {@code {"<outer>": {"<field>": ["<message>"]}}}. */
    public static AmoException nestedField(int status, String outer, String field, String message) {
        return new AmoException(status, outer, message, Map.of(),
                Map.of(outer, Map.of(field, java.util.List.of(message))));
    }

    /** DRF's framework shape, {@code {"detail": ...}} (the v5 API's 403 and 404). */
    public static AmoException detail(int status, String message) {
        return new AmoException(status, "detail", message, Map.of());
    }

    /** The Marketplace account API's shape, {@code {"error": ...}}, with any status. */
    public static AmoException error(int status, String message) {
        return new AmoException(status, "error", message, Map.of());
    }

    /** A refused OAuth 1.0a request: the Marketplace's {@code {"reason": ...}}, and DRF's {@code detail} too. */
    public static AmoException oauthRefused(String reason) {
        return new AmoException(401, "reason", reason, Map.of("WWW-Authenticate", "OAuth realm=\"api\""),
                Map.of("reason", reason, "detail", reason));
    }

    /** Too many failed logins, in the account API's shape. */
    public static AmoException loginThrottled(long retryAfterSeconds) {
        return new AmoException(429, "error", "Too many failed logins. Try again in " + retryAfterSeconds
                + " seconds.", Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static AmoException badRequest(String message) {
        return new AmoException(400, "error", message, Map.of());
    }

    public static AmoException forbidden(String message) {
        return new AmoException(403, "error", message, Map.of());
    }

    public static AmoException notFound(String message) {
        return new AmoException(404, "error", message, Map.of());
    }

    public static AmoException conflict(String message) {
        return new AmoException(409, "error", message, Map.of());
    }

    public static AmoException throttled(long retryAfterSeconds) {
        return new AmoException(429, "detail", "Request was throttled. Expected available in " + retryAfterSeconds
                + " seconds.", Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /**
     * The signing queue is full (admission control): AMO's throttle shape and status, which both reference
     * clients show to their user with its body (web-ext drops the body of a 5xx), and which HTTP retry logic
     * honours with the Retry-After.
     */
    public static AmoException overloaded(long retryAfterSeconds) {
        return new AmoException(429, "detail", "Request was throttled: the signing queue is full. Expected available"
                + " in " + retryAfterSeconds + " seconds.", Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static AmoException unauthorized(String detail, String realm) {
        return new AmoException(401, "detail", detail, Map.of("WWW-Authenticate", "JWT realm=\"" + realm + "\""));
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The response body: the field errors when there are some, else {@code {field(): message}}. */
    public Map<String, ?> body() {
        return body != null ? body : Map.of(field, getMessage());
    }
}
