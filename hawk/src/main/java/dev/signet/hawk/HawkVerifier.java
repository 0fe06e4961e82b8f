package dev.signet.hawk;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Server-side Hawk check in two steps, so a server can authenticate before it reads the body: {@link #verifyHeader}
 * (header syntax, credentials by id, MAC (constant time), timestamp skew, nonce not seen yet), then
 * {@link #completeWithPayload} (payload hash) and only then the nonce is recorded — so neither a forged request (bad MAC) nor a stale
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
     * Verifies a request whose body is at hand.
     *
     * @param payload the request body when the payload hash is required (an empty array for an empty body), or
     *                null when only the header is checked (the {@code hash} attribute, if any, is then still
     *                covered by the MAC but not compared with a body)
     */
    public HawkResult verify(HawkRequest request, byte[] payload) {
        HeaderCheck check = verifyHeader(request);
        if (!check.ok()) {
            return check.failure();
        }
        String actual = payload == null ? null : HawkCrypto.payloadHash(request.contentType(), payload);
        return complete(check.header(), payload != null, actual);
    }

    /**
     * As {@link #verify}, with the payload hash computed by the caller while it streamed the body (see
     * {@link PayloadHasher}); null when only the header is checked.
     */
    public HawkResult verifyHash(HawkRequest request, String payloadHash) {
        HeaderCheck check = verifyHeader(request);
        if (!check.ok()) {
            return check.failure();
        }
        return complete(check.header(), payloadHash != null, payloadHash);
    }

    /** Outcome of {@link #verifyHeader}: either a verified header or the refusal. */
    public record HeaderCheck(VerifiedHeader header, HawkResult failure) {
        public boolean ok() {
            return header != null;
        }
    }

    /**
     * Every check that needs no body: header syntax, credentials by id, MAC (constant time), timestamp skew, and
     * that the nonce has not been used yet (without recording it). A server calls this before reading a byte of
     * the body, then {@link #completeWithPayload} with the hash of the body it read.
     */
    public HeaderCheck verifyHeader(HawkRequest request) {
        long now = clock.millis();
        if (request.authorization() == null || request.authorization().isBlank()) {
            return refused(HawkResult.failure(HawkResult.Failure.MISSING_HEADER, null,
                    "hawk: missing Authorization header"));
        }
        HawkHeader header;
        try {
            header = HawkHeader.parse(request.authorization());
        } catch (HawkException e) {
            return refused(HawkResult.failure(HawkResult.Failure.BAD_HEADER, null, e.getMessage()));
        }
        if (isEmpty(header.id()) || isEmpty(header.ts()) || isEmpty(header.nonce()) || isEmpty(header.mac())) {
            return refused(HawkResult.failure(HawkResult.Failure.BAD_HEADER, header.id(),
                    "hawk: missing attributes (id, ts, nonce and mac are required)"));
        }
        long ts = parseTimestamp(header.ts());
        if (ts < 0 || request.port() < 0) {
            return refused(HawkResult.failure(HawkResult.Failure.BAD_HEADER, header.id(),
                    ts < 0 ? "hawk: invalid ts" : "hawk: invalid Host header"));
        }
        HawkCredentials creds = credentials.apply(header.id());
        if (creds == null) {
            return refused(HawkResult.failure(HawkResult.Failure.UNKNOWN_ID, header.id(),
                    "hawk: credential error with id " + header.id() + ": unknown id"));
        }
        HawkCrypto.Artifacts artifacts = new HawkCrypto.Artifacts(ts, header.nonce(), request.method(),
                request.resource(), request.host(), request.port(), header.hash(), header.ext(), header.app(),
                header.dlg());
        if (!HawkCrypto.constantTimeEquals(HawkCrypto.headerMac(creds, artifacts), header.mac())) {
            return refused(HawkResult.failure(HawkResult.Failure.BAD_MAC, header.id(), "hawk: invalid MAC"));
        }
        if (Math.abs(ts * 1000 - now) > skewMillis) {
            long serverTs = now / 1000;
            String www = "Hawk ts=\"" + serverTs + "\", tsm=\"" + HawkCrypto.timestampMac(creds, serverTs)
                    + "\", error=\"Stale timestamp\"";
            return refused(HawkResult.stale(header.id(), "hawk: timestamp skew too high", www));
        }
        if (nonces.contains(header.id(), header.nonce(), now)) {
            return refused(replayed(header.id()));
        }
        return new HeaderCheck(new VerifiedHeader(header.id(), header.nonce(), ts * 1000, header.hash(),
                request.contentType()), null);
    }

    /**
     * Checks the body's hash (from {@link PayloadHasher} or {@link HawkCrypto#payloadHash}) against the verified
     * header and, when it matches, records the nonce. Of two concurrent requests with the same nonce only one
     * gets here successfully.
     */
    public HawkResult completeWithPayload(VerifiedHeader header, String payloadHash) {
        return complete(header, true, payloadHash);
    }

    private HawkResult complete(VerifiedHeader header, boolean payloadRequired, String payloadHash) {
        if (payloadRequired) {
            if (isEmpty(header.declaredHash())) {
                return HawkResult.failure(HawkResult.Failure.MISSING_PAYLOAD_HASH, header.id(),
                        "hawk: payload validation failed: missing required payload hash");
            }
            if (!HawkCrypto.constantTimeEquals(payloadHash, header.declaredHash())) {
                return HawkResult.failure(HawkResult.Failure.BAD_PAYLOAD_HASH, header.id(),
                        "hawk: payload validation failed");
            }
        }
        if (!nonces.add(header.id(), header.nonce(), header.tsMillis() + skewMillis, clock.millis())) {
            return replayed(header.id());
        }
        return HawkResult.success(header.id());
    }

    private static HawkResult replayed(String id) {
        return HawkResult.failure(HawkResult.Failure.REPLAYED_NONCE, id, "hawk: request nonce is being replayed");
    }

    private static HeaderCheck refused(HawkResult failure) {
        return new HeaderCheck(null, failure);
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
