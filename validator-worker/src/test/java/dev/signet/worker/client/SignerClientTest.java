package dev.signet.worker.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.worker.config.TestConfig;
import dev.signet.worker.messaging.FakeSigner;
import dev.signet.worker.storage.ScratchDir;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client side of the signer contract, against a real HTTP server (the test {@link FakeSigner}). */
class SignerClientTest {

    private static final String GUID = "client-test@signet.dev";

    @TempDir
    Path dir;
    private FakeSigner fake;
    private ScratchDir scratch;

    @BeforeEach
    void start() {
        fake = new FakeSigner();
        scratch = ScratchDir.open(dir.resolve("scratch"));
    }

    @AfterEach
    void stop() {
        fake.close();
        assertEquals(List.of(), fake.rejections(), "Hawk must accept every request");
    }

    private SignerClient client(String url, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                "worker.signer.url", url,
                "worker.signer.hawk-id", FakeSigner.HAWK_ID,
                "worker.signer.hawk-key", FakeSigner.HAWK_KEY,
                "worker.signer.timeout", "PT10S",
                "worker.storage.root", dir.resolve("blobs").toString()));
        props.putAll(form());
        props.putAll(extra);
        return new SignerClient(TestConfig.worker(props), new ObjectMapper(), scratch);
    }

    /** The signing API's form under test: Signet's /sign/file/raw, the default. */
    Map<String, String> form() {
        return Map.of();
    }

    boolean expectRaw() {
        return true;
    }

    private Path xpi(int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve("in-" + seed + ".xpi"), bytes);
    }

    @Test
    void signsWithTheUploadIdAsIdempotencyKeyAndAmoOptions() throws Exception {
        Path input = xpi(3 << 20, 1);
        String uploadId = UUID.randomUUID().toString();
        SignerClient client = client(fake.url(), Map.of());
        SignerClient.SignedXpi signed;
        try (XpiSignRequest request = client.prepare(input, GUID)) {
            signed = client.sign(request, uploadId);
        }
        byte[] expected = concat(Files.readAllBytes(input), FakeSigner.SIGNED_SUFFIX.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, Files.readAllBytes(signed.file()));
        assertEquals(expected.length, signed.size());
        assertEquals("test-xpi", signed.signerId());
        assertFalse(signed.replayed());
        FakeSigner.SignRequest seen = fake.requests().get(0);
        assertEquals(uploadId, seen.idempotencyKey());
        assertEquals(FakeSigner.sha256Hex(Files.readAllBytes(input)), seen.inputSha256());
        assertEquals(new ObjectMapper().readTree(
                "{\"id\":\"" + GUID + "\",\"pkcs7_digest\":\"SHA256\",\"cose_algorithms\":[\"ES256\"]}"), seen.options());
        assertEquals(null, seen.keyid());
        assertEquals(expectRaw(), seen.raw(), "the configured form of the API");
    }

    @Test
    void optionsAndKeyidFollowTheConfiguration() throws Exception {
        SignerClient client = client(fake.url(), Map.of("worker.signer.keyid", "webextensions-rsa",
                "worker.signer.pkcs7-digest", "SHA1", "worker.signer.cose-algorithms", "ES256,PS256"));
        try (XpiSignRequest request = client.prepare(xpi(1000, 2), GUID)) {
            scratch.delete(client.sign(request, "k-options").file());
        }
        FakeSigner.SignRequest seen = fake.requests().get(0);
        assertEquals("webextensions-rsa", seen.keyid());
        assertEquals(new ObjectMapper().readTree(
                "{\"id\":\"" + GUID + "\",\"pkcs7_digest\":\"SHA1\",\"cose_algorithms\":[\"ES256\",\"PS256\"]}"),
                seen.options());
    }

    @Test
    void theSameUploadAlwaysYieldsTheSameRequestBytes() throws Exception {
        Path input = xpi(200_000, 3);
        SignerClient client = client(fake.url(), Map.of());
        try (XpiSignRequest first = client.prepare(input, GUID); XpiSignRequest second = client.prepare(input, GUID)) {
            assertEquals(-1, Files.mismatch(first.body(), second.body()));
            assertEquals(first.payloadHash(), second.payloadHash());
            assertEquals(first.path(), second.path());
        }
    }

    @Test
    void aRepeatedKeyIsReplayedWithoutANewSignature() throws Exception {
        Path input = xpi(100_000, 4);
        SignerClient client = client(fake.url(), Map.of());
        SignerClient.SignedXpi first;
        SignerClient.SignedXpi again;
        try (XpiSignRequest request = client.prepare(input, GUID)) {
            first = client.sign(request, "k-replay");
        }
        // As after a crash: the redelivered job builds its request afresh.
        try (XpiSignRequest request = client.prepare(input, GUID)) {
            again = client.sign(request, "k-replay");
        }
        assertTrue(again.replayed());
        assertEquals(1, fake.signatures());
        assertEquals(-1, Files.mismatch(first.file(), again.file()));
    }

    @Test
    void aKeyStillInFlightIsATransientFailure() throws Exception {
        fake.delaySigning(Duration.ofSeconds(3));
        Path input = xpi(1000, 5);
        SignerClient client = client(fake.url(), Map.of());
        CompletableFuture<SignerClient.SignedXpi> first = CompletableFuture.supplyAsync(() -> {
            try (XpiSignRequest request = client.prepare(input, GUID)) {
                return client.sign(request, "k-busy");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (!fake.signing("k-busy")) {
            assertFalse(first.isDone(), "the first request ended before it was seen in flight");
            Thread.sleep(10);
        }
        SignerException busy;
        try (XpiSignRequest request = client.prepare(input, GUID)) {
            busy = assertThrows(SignerException.class, () -> client.sign(request, "k-busy"));
        }
        assertTrue(busy.isTransient(), busy.getMessage());
        assertTrue(busy.getMessage().contains("HTTP 409"), busy.getMessage());
        assertFalse(first.get().replayed());
        assertEquals(1, fake.signatures());
    }

    @Test
    void theSameKeyWithAnotherBodyIsAPermanentRefusal() throws Exception {
        SignerClient client = client(fake.url(), Map.of());
        try (XpiSignRequest request = client.prepare(xpi(1000, 6), GUID)) {
            scratch.delete(client.sign(request, "k-conflict").file());
        }
        SignerException e;
        try (XpiSignRequest request = client.prepare(xpi(1000, 7), GUID)) {
            e = assertThrows(SignerException.class, () -> client.sign(request, "k-conflict"));
        }
        assertFalse(e.isTransient());
        assertEquals("the signing service refused to sign this add-on (HTTP 422)", e.reason());
    }

    @Test
    void serverErrorsAndTooManyRequestsAreTransientOtherRefusalsAreNot() throws Exception {
        SignerClient client = client(fake.url(), Map.of());
        try (XpiSignRequest request = client.prepare(xpi(1000, 8), GUID)) {
            for (int status : new int[] {500, 503, 429}) {
                fake.failNext(1, status);
                assertTrue(assertThrows(SignerException.class, () -> client.sign(request, "k-" + status))
                        .isTransient(), "HTTP " + status);
            }
            fake.failNext(1, 400);
            assertFalse(assertThrows(SignerException.class, () -> client.sign(request, "k-400")).isTransient());
        }
    }

    @Test
    void aSignerThatIsDownIsTransientAndSaidPlainly() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SignerClient client = client("http://127.0.0.1:" + closedPort, Map.of());
        try (XpiSignRequest request = client.prepare(xpi(1000, 9), GUID)) {
            SignerException e = assertThrows(SignerException.class, () -> client.sign(request, "k-down"));
            assertTrue(e.isTransient());
            assertEquals("the signing service is unavailable", e.reason());
            assertFalse(e.reason().contains("java."), e.reason());
        }
    }

    @Test
    void noScratchFileOutlivesACall() throws Exception {
        SignerClient client = client(fake.url(), Map.of());
        SignerClient.SignedXpi signed;
        try (XpiSignRequest request = client.prepare(xpi(1000, 10), GUID)) {
            signed = client.sign(request, "k-clean");
            fake.failNext(1, 400);
            assertThrows(SignerException.class, () -> client.sign(request, "k-clean-2"));
        }
        try (var files = Files.list(scratch.root())) {
            assertEquals(List.of(signed.file()), files.toList(), "only the caller's signed file is left");
        }
    }

    @Test
    void acceptsUrlsWhosePortHawkAndTheServerAgreeOn() {
        assertEquals("http://127.0.0.1:8000", SignerClient.baseUri("http://127.0.0.1:8000/").toString());
        assertEquals("https://signer.internal", SignerClient.baseUri("https://signer.internal").toString());
        assertEquals("http://127.0.0.1:8000/prefix", SignerClient.baseUri("http://127.0.0.1:8000/prefix").toString());
    }

    @Test
    void refusesPlainHttpWithoutPort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignerClient.baseUri("http://127.0.0.1"));
        assertTrue(e.getMessage().startsWith("worker.signer.url:"), e.getMessage());
    }

    @Test
    void refusesNonHttpUrls() {
        assertThrows(IllegalArgumentException.class, () -> SignerClient.baseUri("ftp://127.0.0.1:21"));
        assertThrows(IllegalArgumentException.class, () -> SignerClient.baseUri("127.0.0.1:8000"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
