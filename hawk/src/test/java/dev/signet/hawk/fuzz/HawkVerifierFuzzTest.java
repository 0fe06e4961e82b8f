package dev.signet.hawk.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.hawk.HawkClient;
import dev.signet.hawk.HawkCredentials;
import dev.signet.hawk.HawkException;
import dev.signet.hawk.HawkRequest;
import dev.signet.hawk.HawkResult;
import dev.signet.hawk.HawkVerifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The server-side Hawk check on fuzzed requests. Each input is used twice: as an arbitrary Authorization header,
 * which must be refused with a reason and a {@code hawk:} message (never an exception, never accepted, since the
 * fuzzer cannot forge the MAC), and as the parts of a genuine request signed by {@link HawkClient}, which must be
 * accepted exactly when its timestamp is inside the skew window, then refused as a replay, and refused when one
 * byte of its MAC or body changes.
 */
class HawkVerifierFuzzTest {

    private static final long NOW = 1_800_000_000L;
    private static final Duration SKEW = Duration.ofSeconds(60);
    /** TEST-ONLY credential; it grants nothing anywhere. */
    private static final HawkCredentials ALICE = HawkCredentials.of("alice", "test-only-fuzz-key-grants-nothing-0123");
    private static final String[] METHODS = {"POST", "GET", "put", "DELETE"};

    @FuzzTest(maxDuration = "15s")
    void verify(FuzzedDataProvider data) {
        HawkVerifier verifier = new HawkVerifier(Map.of(ALICE.id(), ALICE)::get, SKEW, 64,
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        String method = data.pickValue(METHODS);
        String host = data.consumeString(40).replaceAll("[^a-z0-9.-]", "");
        int port = data.consumeInt(1, 65535);
        String path = "/" + data.consumeString(200);
        String contentType = data.consumeString(60);
        long ts = NOW + data.consumeLong(-3 * SKEW.toSeconds(), 3 * SKEW.toSeconds());
        String nonce = data.consumeString(30);
        String ext = data.consumeBoolean() ? data.consumeString(60) : null;
        String forged = data.consumeString(600);
        byte[] body = data.consumeRemainingAsBytes();

        HawkRequest forgedRequest = HawkRequest.fromHostHeader(method, path, host + ":" + port, forged, contentType);
        assertRefused(verifier.verify(forgedRequest, body));
        assertRefused(verifier.verify(forgedRequest, null));

        URI uri;
        try {
            uri = URI.create("http://" + (host.isEmpty() ? "h" : host) + ":" + port + path);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (uri.getHost() == null) {
            return;
        }
        String authorization;
        try {
            authorization = HawkClient.header(ALICE, method, uri, contentType, body, ts, nonce, ext);
        } catch (HawkException e) {
            return;
        }
        HawkRequest genuine = HawkRequest.fromHostHeader(method, resource(uri), uri.getHost() + ":" + port,
                authorization, contentType);
        HawkResult first = verifier.verify(genuine, body);
        boolean wellFormedNonce = !nonce.isEmpty() && nonce.chars().allMatch(c -> c >= 0x20 && c <= 0x7e
                && c != '"' && c != '\\');
        if (!wellFormedNonce) {
            assertRefused(first);
            return;
        }
        if (Math.abs(ts - NOW) > SKEW.toSeconds()) {
            assertEquals(HawkResult.Failure.STALE_TIMESTAMP, first.failure(), first.message());
            assertNotNull(first.wwwAuthenticate());
            return;
        }
        assertTrue(first.ok(), () -> "genuine request refused: " + first.message() + " for " + authorization);
        assertEquals(HawkResult.Failure.REPLAYED_NONCE, verifier.verify(genuine, body).failure());

        HawkRequest tamperedMac = HawkRequest.fromHostHeader(method, genuine.resource(), uri.getHost() + ":" + port,
                flipMacCharacter(authorization), contentType);
        assertRefused(verifier.verify(tamperedMac, body));
        byte[] tamperedBody = new byte[body.length + 1];
        System.arraycopy(body, 0, tamperedBody, 0, body.length);
        assertEquals(HawkResult.Failure.BAD_PAYLOAD_HASH, new HawkVerifier(Map.of(ALICE.id(), ALICE)::get, SKEW, 64,
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)).verify(genuine, tamperedBody).failure());
    }

    private static void assertRefused(HawkResult result) {
        assertFalse(result.ok(), "a request the fuzzer could not have signed was accepted");
        assertNotNull(result.failure());
        assertTrue(result.message().startsWith("hawk: "), result.message());
    }

    /** The header with the first character of its MAC changed to another base64 character. */
    private static String flipMacCharacter(String authorization) {
        int at = authorization.indexOf("mac=\"") + 5;
        char c = authorization.charAt(at);
        return authorization.substring(0, at) + (c == 'A' ? 'B' : 'A') + authorization.substring(at + 1);
    }

    /** What the server sees as the request target: raw path plus query, as {@code HawkClient} signs it. */
    private static String resource(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
