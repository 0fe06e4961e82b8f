package dev.signet.hawk;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Server-side Hawk check. Order: header syntax, credentials by id, MAC (constant time), timestamp skew, payload
 * hash (when required), and only then the nonce is recorded — so neither a forged request (bad MAC) nor a stale
 * or tampered one burns a legitimate client's nonce (Autograph records it before checking the MAC).
 */
public final class HawkVerifier {

    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);
    public static final int DEFAULT_NONCE_CACHE_SIZE = 500_000;

    private final Function<String, HawkCredentials> credentials;
    private final long skewMillis;
    private final Clock clock;
    private final NonceCache nonces;

    /**
     * @param credentials looks a credential up by id; returns null for an unknown id
     */
    public HawkVerifier(Function<String, HawkCredentials> credentials, Duration timestampSkew, int nonceCacheSize,
            Clock clock) {
        if (timestampSkew.isNegative() || timestampSkew.isZero()) {
            throw new IllegalArgumentException("hawk: timestamp skew must be positive, got " + timestampSkew);
        }
        this.credentials = credentials;
        this.skewMillis = timestampSkew.toMillis();
        this.clock = clock;
        this.nonces = new NonceCache(nonceCacheSize);
    }

    public HawkVerifier(Function<String, HawkCredentials> credentials) {
        this(credentials, DEFAULT_SKEW, DEFAULT_NONCE_CACHE_SIZE, Clock.systemUTC());
    }

    /**
     * Verifies a request.
     *
     * @param payload the request body when the payload hash is required (an empty array for an empty body), or
     *                null when only the header is checked (the {@code hash} attribute, if any, is then still
     *                covered by the MAC but not compared with a body)
     */
    public HawkResult verify(HawkRequest request, byte[] payload) {
        return verifyHash(request, payload == null ? null : HawkCrypto.payloadHash(request.contentType(), payload));
    }

    /**
     * As {@link #verify}, with the payload hash computed by the caller while it streamed the body (see
     * {@link HawkCrypto#payloadHasher}); null when only the header is checked.
     */
    public HawkResult verifyHash(HawkRequest request, String payloadHash) {
        long now = clock.millis();
        if (request.authorization() == null || request.authorization().isBlank()) {
            return HawkResult.failure(HawkResult.Failure.MISSING_HEADER, null, "hawk: missing Authorization header");
        }
        HawkHeader header;
        try {
            header = HawkHeader.parse(request.authorization());
        } catch (HawkException e) {
            return HawkResult.failure(HawkResult.Failure.BAD_HEADER, null, e.getMessage());
        }
        if (isEmpty(header.id()) || isEmpty(header.ts()) || isEmpty(header.nonce()) || isEmpty(header.mac())) {
            return HawkResult.failure(HawkResult.Failure.BAD_HEADER, header.id(),
                    "hawk: missing attributes (id, ts, nonce and mac are required)");
        }
        long ts = parseTimestamp(header.ts());
        if (ts < 0 || request.port() < 0) {
            return HawkResult.failure(HawkResult.Failure.BAD_HEADER, header.id(),
                    ts < 0 ? "hawk: invalid ts" : "hawk: invalid Host header");
        }
        HawkCredentials creds = credentials.apply(header.id());
        if (creds == null) {
            return HawkResult.failure(HawkResult.Failure.UNKNOWN_ID, header.id(),
                    "hawk: credential error with id " + header.id() + ": unknown id");
        }
        HawkCrypto.Artifacts artifacts = new HawkCrypto.Artifacts(ts, header.nonce(), request.method(),
                request.resource(), request.host(), request.port(), header.hash(), header.ext(), header.app(),
                header.dlg());
        if (!HawkCrypto.constantTimeEquals(HawkCrypto.headerMac(creds, artifacts), header.mac())) {
            return HawkResult.failure(HawkResult.Failure.BAD_MAC, header.id(), "hawk: invalid MAC");
        }
        if (Math.abs(ts * 1000 - now) > skewMillis) {
            long serverTs = now / 1000;
            String www = "Hawk ts=\"" + serverTs + "\", tsm=\"" + HawkCrypto.timestampMac(creds, serverTs)
                    + "\", error=\"Stale timestamp\"";
            return HawkResult.stale(header.id(), "hawk: timestamp skew too high", www);
        }
        if (payloadHash != null) {
            if (isEmpty(header.hash())) {
                return HawkResult.failure(HawkResult.Failure.MISSING_PAYLOAD_HASH, header.id(),
                        "hawk: payload validation failed: missing required payload hash");
            }
            if (!HawkCrypto.constantTimeEquals(payloadHash, header.hash())) {
                return HawkResult.failure(HawkResult.Failure.BAD_PAYLOAD_HASH, header.id(),
                        "hawk: payload validation failed");
            }
        }
        if (!nonces.add(header.id(), header.nonce(), ts * 1000 + skewMillis, now)) {
            return HawkResult.failure(HawkResult.Failure.REPLAYED_NONCE, header.id(),
                    "hawk: request nonce is being replayed");
        }
        return HawkResult.success(header.id());
    }

    /** Number of nonces currently remembered. */
    public int nonceCacheSize() {
        return nonces.size();
    }

    /** Live nonces evicted because the cache was full (a replay of those would not be detected). */
    public long nonceEvictions() {
        return nonces.evictions();
    }

    private static long parseTimestamp(String ts) {
        if (ts.length() > 15 || !ts.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(ts);
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
