package dev.signet.model.requestid;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id that follows one upload through every service: its names on each wire and the one rule for
 * what a service accepts from outside. The rule is part of the contract because each service logs the id it
 * receives: only a short token of safe characters may reach a log line (no newlines, no markup, no padding).
 */
public final class RequestIds {
    /** The HTTP header a client may send and every response carries; also the worker's header to the signer. */
    public static final String HTTP_HEADER = "X-Request-Id";
    /** The Kafka header on upload jobs and on their results. */
    public static final String KAFKA_HEADER = "signet-request-id";
    /** The MDC key the services log it under (plain text {@code [%X{request_id}]}, JSON field {@code request_id}). */
    public static final String MDC_KEY = "request_id";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    /** {@code candidate} when it is 1–64 characters of {@code [A-Za-z0-9._-]}, else empty. */
    public static Optional<String> valid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }

    /** {@code candidate} when it is valid, else a new id: what a service does with an id from outside. */
    public static String orNew(String candidate) {
        return valid(candidate).orElseGet(RequestIds::generate);
    }

    /** The id in a {@code signet-request-id} header's value ({@code null}: no header), as {@link #orNew}. */
    public static String fromHeader(byte[] value) {
        return orNew(value == null ? null : new String(value, StandardCharsets.UTF_8));
    }

    public static byte[] toHeader(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
