package dev.signet.hawk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HawkVerifierTest {

    static final HawkCredentials ALICE = HawkCredentials.of("alice", "fs5wgcer9qj819kfptdlp8gm227ewxnzvsuj9ztycsx");
    static final URI URI_ = URI.create("http://signer.test:8000/sign/data?x=1");
    static final byte[] BODY = "[{\"input\":\"Zm9vYmFyYmF6MTIzNGFiY2Q=\"}]".getBytes(StandardCharsets.UTF_8);
    static final long NOW = 1_800_000_000L;

    final MutableClock clock = new MutableClock(NOW * 1000);
    final HawkVerifier verifier = new HawkVerifier(Map.of("alice", ALICE)::get, Duration.ofSeconds(60), 100, clock);

    static String header(HawkCredentials c, long ts, String nonce, byte[] body) {
        return HawkClient.header(c, "POST", URI_, "application/json", body, ts, nonce, null);
    }

    static HawkRequest request(String authorization, String contentType) {
        return HawkRequest.fromHostHeader("POST", "/sign/data?x=1", "signer.test:8000", authorization, contentType);
    }

    @Test
    void acceptsAValidRequest() {
        HawkResult r = verifier.verify(request(header(ALICE, NOW, "n1", BODY), "application/json"), BODY);
        assertTrue(r.ok(), r.message());
        assertEquals("alice", r.id());
    }

    @Test
    void acceptsCharsetParameterOnTheServerSide() {
        HawkResult r = verifier.verify(request(header(ALICE, NOW, "n1", BODY), "application/json; charset=utf-8"),
                BODY);
        assertTrue(r.ok(), r.message());
    }

    @Test
    void refusesTamperedBody() {
        byte[] tampered = BODY.clone();
        tampered[5] ^= 1;
        HawkResult r = verifier.verify(request(header(ALICE, NOW, "n1", BODY), "application/json"), tampered);
        assertEquals(HawkResult.Failure.BAD_PAYLOAD_HASH, r.failure());
        // The tampered copy did not burn the nonce of the genuine request.
        assertTrue(verifier.verify(request(header(ALICE, NOW, "n1", BODY), "application/json"), BODY).ok());
    }

    @Test
    void refusesMissingPayloadHashWhenRequired() {
        HawkCrypto.Artifacts a = new HawkCrypto.Artifacts(NOW, "n1", "POST", "/sign/data?x=1", "signer.test", 8000,
                null, null, null, null);
        String h = new HawkHeader("alice", Long.toString(NOW), "n1", null, null, HawkCrypto.headerMac(ALICE, a), null,
                null).toHeaderValue();
        assertEquals(HawkResult.Failure.MISSING_PAYLOAD_HASH,
                verifier.verify(request(h, "application/json"), BODY).failure());
        assertTrue(verifier.verify(request(h, "application/json"), null).ok(), "header-only check passes");
    }

    @Test
    void refusesTamperedMacMethodPathHostAndPort() {
        String good = header(ALICE, NOW, "n1", BODY);
        String badMac = good.replaceAll("mac=\"[^\"]+\"", "mac=\"AAAA" + good.substring(good.indexOf("mac=\"") + 9));
        assertEquals(HawkResult.Failure.BAD_MAC, verifier.verify(request(badMac, "application/json"), BODY).failure());
        assertEquals(HawkResult.Failure.BAD_MAC, verifier.verify(HawkRequest.fromHostHeader("PUT", "/sign/data?x=1",
                "signer.test:8000", good, "application/json"), BODY).failure());
        assertEquals(HawkResult.Failure.BAD_MAC, verifier.verify(HawkRequest.fromHostHeader("POST", "/sign/data?x=2",
                "signer.test:8000", good, "application/json"), BODY).failure());
        assertEquals(HawkResult.Failure.BAD_MAC, verifier.verify(HawkRequest.fromHostHeader("POST", "/sign/data?x=1",
                "other.test:8000", good, "application/json"), BODY).failure());
        assertEquals(HawkResult.Failure.BAD_MAC, verifier.verify(HawkRequest.fromHostHeader("POST", "/sign/data?x=1",
                "signer.test", good, "application/json"), BODY).failure());
    }

    @Test
    void aBadMacDoesNotBurnTheNonce() {
        HawkCredentials mallory = HawkCredentials.of("alice", "not-alices-key");
        HawkResult forged = verifier.verify(request(header(mallory, NOW, "n1", BODY), "application/json"), BODY);
        assertEquals(HawkResult.Failure.BAD_MAC, forged.failure());
        assertTrue(verifier.verify(request(header(ALICE, NOW, "n1", BODY), "application/json"), BODY).ok());
    }

    @Test
    void refusesReplayUntilTheSkewWindowHasPassed() {
        String h = header(ALICE, NOW, "n1", BODY);
        assertTrue(verifier.verify(request(h, "application/json"), BODY).ok());
        HawkResult replay = verifier.verify(request(h, "application/json"), BODY);
        assertEquals(HawkResult.Failure.REPLAYED_NONCE, replay.failure());
        clock.millis += 60_000;
        assertEquals(HawkResult.Failure.REPLAYED_NONCE, verifier.verify(request(h, "application/json"), BODY).failure());
        clock.millis += 1_000;
        // Now the timestamp itself is stale, so the expired nonce entry can safely be forgotten.
        assertEquals(HawkResult.Failure.STALE_TIMESTAMP,
                verifier.verify(request(h, "application/json"), BODY).failure());
    }

    @Test
    void noncesAreScopedByCredentialId() {
        HawkCredentials bob = HawkCredentials.of("bob", "bobs-key");
        HawkVerifier v = new HawkVerifier(Map.of("alice", ALICE, "bob", bob)::get, Duration.ofSeconds(60), 100, clock);
        assertTrue(v.verify(request(header(ALICE, NOW, "same", BODY), "application/json"), BODY).ok());
        assertTrue(v.verify(request(header(bob, NOW, "same", BODY), "application/json"), BODY).ok());
    }

    @Test
    void refusesStaleTimestampsWithServerTime() {
        for (long ts : new long[] {NOW - 61, NOW + 61}) {
            HawkResult r = verifier.verify(request(header(ALICE, ts, "n" + ts, BODY), "application/json"), BODY);
            assertEquals(HawkResult.Failure.STALE_TIMESTAMP, r.failure());
            String tsm = HawkCrypto.timestampMac(ALICE, NOW);
            assertEquals("Hawk ts=\"" + NOW + "\", tsm=\"" + tsm + "\", error=\"Stale timestamp\"", r.wwwAuthenticate());
        }
        assertTrue(verifier.verify(request(header(ALICE, NOW - 60, "edge", BODY), "application/json"), BODY).ok());
    }

    @Test
    void refusesUnknownIdMissingAndMalformedHeaders() {
        HawkCredentials eve = HawkCredentials.of("eve", "k");
        assertEquals(HawkResult.Failure.UNKNOWN_ID,
                verifier.verify(request(header(eve, NOW, "n1", BODY), "application/json"), BODY).failure());
        assertEquals(HawkResult.Failure.MISSING_HEADER, verifier.verify(request(null, "application/json"), BODY).failure());
        assertEquals(HawkResult.Failure.BAD_HEADER,
                verifier.verify(request("Hawk id=\"alice\"", "application/json"), BODY).failure());
        assertEquals(HawkResult.Failure.BAD_HEADER, verifier.verify(request(
                "Hawk id=\"alice\", ts=\"12a\", nonce=\"n\", mac=\"m\"", "application/json"), BODY).failure());
    }

    @Test
    void hostHeaderWithoutPortMeans443() {
        HawkRequest r = HawkRequest.fromHostHeader("GET", "/", "Signer.Example", null, null);
        assertEquals("Signer.Example", r.host());
        assertEquals(443, r.port());
        assertEquals(8000, HawkRequest.fromHostHeader("GET", "/", "localhost:8000", null, null).port());
        HawkRequest v6 = HawkRequest.fromHostHeader("GET", "/", "[::1]:8443", null, null);
        assertEquals("[::1]", v6.host());
        assertEquals(8443, v6.port());
        assertEquals(443, HawkRequest.fromHostHeader("GET", "/", "[::1]", null, null).port());
        assertEquals(-1, HawkRequest.fromHostHeader("GET", "/", "x:abc", null, null).port());

        URI noPort = URI.create("https://signer.example/sign/data");
        String h = HawkClient.header(ALICE, "POST", noPort, "application/json", BODY, NOW, "p443", null);
        assertTrue(verifier.verify(HawkRequest.fromHostHeader("POST", "/sign/data", "signer.example", h,
                "application/json"), BODY).ok());
    }

    @Test
    void nonceCacheIsBoundedAndExpires() {
        NonceCache cache = new NonceCache(2);
        assertTrue(cache.add("a", "1", 1_000, 0));
        assertTrue(cache.add("a", "2", 1_000, 0));
        assertFalse(cache.add("a", "2", 1_000, 0));
        assertTrue(cache.add("a", "3", 1_000, 0));
        assertEquals(2, cache.size());
        assertEquals(1, cache.evictions());
        assertTrue(cache.add("a", "4", 3_000, 2_000), "expired entries are purged first");
        assertEquals(1, cache.size());
        assertEquals(1, cache.evictions());
    }

    @Test
    void credentialsDoNotLeakTheKey() {
        assertFalse(ALICE.toString().contains("fs5w"));
    }

    @Test
    void headerFirstThenStreamedPayload() {
        HawkRequest r = request(header(ALICE, NOW, "two-step", BODY), "application/json");
        HawkVerifier.HeaderCheck check = verifier.verifyHeader(r);
        assertTrue(check.ok(), () -> check.failure().message());
        String streamed = PayloadHasher.start("application/json").update(BODY, 0, 5).update(BODY, 5, BODY.length - 5)
                .finish();
        assertEquals(HawkCrypto.payloadHash("application/json", BODY), streamed);
        assertTrue(verifier.completeWithPayload(check.header(), streamed).ok());
        assertEquals(HawkResult.Failure.REPLAYED_NONCE, verifier.verifyHeader(r).failure().failure(),
                "a replay is refused before its body is read");
    }

    @Test
    void aWrongStreamedPayloadIsRefusedAndDoesNotBurnTheNonce() {
        HawkRequest r = request(header(ALICE, NOW, "two-step-bad", BODY), "application/json");
        HawkVerifier.HeaderCheck check = verifier.verifyHeader(r);
        String other = PayloadHasher.start("application/json").update("[]".getBytes(StandardCharsets.UTF_8)).finish();
        assertEquals(HawkResult.Failure.BAD_PAYLOAD_HASH, verifier.completeWithPayload(check.header(), other).failure());
        HawkVerifier.HeaderCheck again = verifier.verifyHeader(r);
        assertTrue(again.ok());
        assertTrue(verifier.completeWithPayload(again.header(), HawkCrypto.payloadHash("application/json", BODY)).ok());
    }

    @Test
    void ofTwoConcurrentSameNonceRequestsOnlyOneCompletes() {
        HawkRequest r = request(header(ALICE, NOW, "race", BODY), "application/json");
        HawkVerifier.HeaderCheck first = verifier.verifyHeader(r);
        HawkVerifier.HeaderCheck second = verifier.verifyHeader(r);
        String hash = HawkCrypto.payloadHash("application/json", BODY);
        assertTrue(verifier.completeWithPayload(first.header(), hash).ok());
        assertEquals(HawkResult.Failure.REPLAYED_NONCE, verifier.completeWithPayload(second.header(), hash).failure());
    }

    static final class MutableClock extends Clock {
        long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
