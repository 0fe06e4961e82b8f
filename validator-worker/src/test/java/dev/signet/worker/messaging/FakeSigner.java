package dev.signet.worker.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.hawk.HawkCredentials;
import dev.signet.hawk.HawkRequest;
import dev.signet.hawk.HawkResult;
import dev.signet.hawk.HawkVerifier;
import dev.signet.hawk.PayloadHasher;
import dev.signet.model.signer.RawFileApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the signer speaking its HTTP API: {@code POST /sign/file} and Signet's {@code /sign/file/raw}
 * (the XPI as the body, options in the query, the signed XPI as the answer), Hawk checked with the hawk
 * module's server-side verifier, payload hash included) and {@code GET /__lbheartbeat__}. Bodies stream through
 * temp files in both directions, so it handles a 200 MiB add-on without holding it in memory. It honours the
 * signer's Idempotency-Key contract: a repeat of a finished key replays the stored answer (201,
 * {@code Idempotent-Replayed: true}, no new signature), a key still being signed is 409, the same key with
 * another body is 422. It can fail the next requests with a given status, delay signing, or go down
 * (connection refused) for a while.
 */
public final class FakeSigner implements AutoCloseable {

    /** Test-only Hawk credentials; they grant nothing anywhere else. */
    public static final String HAWK_ID = "test-worker";
    public static final String HAWK_KEY = "test-only-hawk-key-not-a-secret";
    /** The "signed" file is the input with this appended: recognisable in assertions. */
    public static final String SIGNED_SUFFIX = "+signed-by-fake";

    /** One sign request that passed authentication, as the fake understood it. */
    public record SignRequest(String idempotencyKey, String inputSha256, long inputSize, String keyid,
            JsonNode options, boolean replayed, int status, boolean raw) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final HawkVerifier verifier = new HawkVerifier(
            id -> HAWK_ID.equals(id) ? HawkCredentials.of(HAWK_ID, HAWK_KEY) : null);
    private final Path work;
    private final List<SignRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger signatures = new AtomicInteger();
    private final Map<String, Stored> answered = new ConcurrentHashMap<>();
    private final Map<String, String> requestIds = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile int failureStatus = 503;
    private volatile Duration signDelay = Duration.ZERO;
    private volatile HttpServer server;
    private final int port;

    private record Stored(String payloadHash, Path response, String ref) {
    }

    public FakeSigner() {
        try {
            work = Files.createTempDirectory("fake-signer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = listen(0);
        port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.createContext("/__lbheartbeat__", exchange -> respond(exchange, 200, "{}"));
        s.createContext("/sign/file", exchange -> signFile(exchange, false));
        s.createContext(RawFileApi.PATH, exchange -> signFile(exchange, true));
        s.setExecutor(Executors.newCachedThreadPool());
        s.start();
        return s;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Sign requests that passed authentication, replays included. */
    public List<SignRequest> requests() {
        return requests;
    }

    /** Requests for the input with this SHA-256 (hex). */
    public List<SignRequest> requestsFor(byte[] input) {
        String sha256 = sha256Hex(input);
        return requests.stream().filter(r -> r.inputSha256().equals(sha256)).toList();
    }

    /** Signatures actually made (replays and refusals excluded). */
    public int signatures() {
        return signatures.get();
    }

    /** Why requests were refused (Hawk failures); a correct worker produces none. */
    public List<String> rejections() {
        return rejections;
    }

    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** Every signature takes this long: long enough to kill a worker mid-signing, or to see a 409. */
    public void delaySigning(Duration delay) {
        signDelay = delay;
    }

    /** Closes the port (connection refused) now and opens it again after {@code duration}. */
    public void goDown(Duration duration) {
        server.stop(0);
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            server = listen(port);
        }, "fake-signer-restart");
        restart.setDaemon(true);
        restart.start();
    }

    private void signFile(HttpExchange exchange, boolean raw) throws IOException {
        Path body = Files.createTempFile(work, "request-", raw ? ".xpi" : ".json");
        try {
            handle(exchange, body, raw);
        } finally {
            Files.deleteIfExists(body);
            exchange.close();
        }
    }

    private void handle(HttpExchange exchange, Path body, boolean raw) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        PayloadHasher hasher = PayloadHasher.start(contentType);
        try (InputStream in = new DigestInputStream(exchange.getRequestBody(), hasher.digest())) {
            Files.copy(in, body, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "{\"error\":\"method not allowed\"}");
            return;
        }
        String payloadHash = hasher.finish();
        String query = exchange.getRequestURI().getRawQuery();
        String resource = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
        HawkRequest request = HawkRequest.fromHostHeader("POST", resource,
                exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Authorization"),
                contentType);
        HawkResult auth = verifier.verifyHash(request, payloadHash);
        if (!auth.ok()) {
            rejections.add(auth.failure() + ": " + auth.message());
            respond(exchange, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            respond(exchange, failureStatus, "{\"error\":\"injected failure\"}");
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (key != null && requestId != null) {
            requestIds.put(key, requestId);
        }
        Path unsigned = Files.createTempFile(work, "unsigned-", ".xpi");
        try {
            Parsed parsed = raw ? parseRaw(exchange, body, unsigned) : parse(body, unsigned);
            if (parsed == null) {
                respond(exchange, 400, "{\"error\":\"missing input\"}");
                return;
            }
            if (key == null) {
                int n = signatures.incrementAndGet();
                Path response = sign(unsigned, n, raw);
                record(null, parsed, false, 201);
                send(exchange, 201, response, "ref-" + n, raw, false);
                Files.deleteIfExists(response);
                return;
            }
            signIdempotently(exchange, key, payloadHash, parsed, unsigned, raw);
        } finally {
            Files.deleteIfExists(unsigned);
        }
    }

    private void signIdempotently(HttpExchange exchange, String key, String payloadHash, Parsed parsed,
            Path unsigned, boolean raw) throws IOException {
        Stored stored = answered.get(key);
        if (stored != null) {
            boolean same = stored.payloadHash().equals(payloadHash);
            record(key, parsed, same, same ? 201 : 422);
            if (same) {
                send(exchange, 201, stored.response(), stored.ref(), raw, true);
            } else {
                respond(exchange, 422, "{\"error\":\"idempotency key reused with a different request\"}");
            }
            return;
        }
        if (!inFlight.add(key)) {
            record(key, parsed, false, 409);
            respond(exchange, 409, "{\"error\":\"a request with this idempotency key is in progress\"}");
            return;
        }
        try {
            int n = signatures.incrementAndGet();
            Path response = sign(unsigned, n, raw);
            answered.put(key, new Stored(payloadHash, response, "ref-" + n));
            record(key, parsed, false, 201);
            send(exchange, 201, response, "ref-" + n, raw, false);
        } finally {
            inFlight.remove(key);
        }
    }

    private void record(String key, Parsed parsed, boolean replayed, int status) {
        requests.add(new SignRequest(key, parsed.inputSha256(), parsed.inputSize(), parsed.keyid(), parsed.options(),
                replayed, status, parsed.raw()));
    }

    private record Parsed(String inputSha256, long inputSize, String keyid, JsonNode options, boolean raw) {
    }

    /** Streams the request, decoding {@code input} into {@code unsigned}; null when there is no input. */
    private static Parsed parse(Path body, Path unsigned) throws IOException {
        String sha256 = null;
        long size = -1;
        String keyid = null;
        JsonNode options = null;
        try (JsonParser parser = JSON.createParser(body.toFile())) {
            parser.setCodec(MAPPER);
            if (parser.nextToken() != JsonToken.START_ARRAY || parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "input" -> {
                        MessageDigest digest = sha256();
                        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(unsigned), digest)) {
                            size = parser.readBinaryValue(out);
                        }
                        sha256 = HexFormat.of().formatHex(digest.digest());
                    }
                    case "keyid" -> keyid = parser.getValueAsString();
                    case "options" -> options = parser.readValueAsTree();
                    default -> parser.skipChildren();
                }
            }
        }
        return sha256 == null ? null : new Parsed(sha256, size, keyid, options, false);
    }

    /** The raw form: the body is the input; keyid and options come from the query. */
    private static Parsed parseRaw(HttpExchange exchange, Path body, Path unsigned) throws IOException {
        if (Files.size(body) == 0) {
            return null;
        }
        Files.copy(body, unsigned, StandardCopyOption.REPLACE_EXISTING);
        String keyid = null;
        JsonNode options = null;
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.equals(RawFileApi.KEYID_PARAM)) {
                keyid = value;
            } else if (name.equals(RawFileApi.OPTIONS_PARAM)) {
                options = MAPPER.readTree(value);
            }
        }
        byte[] input = Files.readAllBytes(unsigned);
        return new Parsed(sha256Hex(input), input.length, keyid, options, true);
    }

    /**
     * Writes the response for {@code unsigned} to a file: the "signed" XPI, raw or base64-encoded in the JSON
     * answer, streaming.
     */
    private Path sign(Path unsigned, int n, boolean raw) throws IOException {
        pause(signDelay);
        Path response = Files.createTempFile(work, "response-", raw ? ".xpi" : ".json");
        byte[] suffix = SIGNED_SUFFIX.getBytes(StandardCharsets.UTF_8);
        if (raw) {
            try (OutputStream out = Files.newOutputStream(response)) {
                Files.copy(unsigned, out);
                out.write(suffix);
            }
            return response;
        }
        try (OutputStream out = Files.newOutputStream(response);
                JsonGenerator generator = JSON.createGenerator(out);
                InputStream signed = new SequenceInputStream(Files.newInputStream(unsigned),
                        new ByteArrayInputStream(suffix))) {
            generator.writeStartArray();
            generator.writeStartObject();
            generator.writeStringField("ref", "ref-" + n);
            generator.writeStringField("type", "xpi");
            generator.writeStringField("mode", "add-on");
            generator.writeStringField("signer_id", "test-xpi");
            generator.writeStringField("public_key", "");
            generator.writeFieldName("signed_file");
            generator.writeBinary(signed, (int) (Files.size(unsigned) + suffix.length));
            generator.writeEndObject();
            generator.writeEndArray();
        }
        return response;
    }

    private static void send(HttpExchange exchange, int status, Path json, String ref, boolean raw,
            boolean replayed) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", raw ? RawFileApi.CONTENT_TYPE : "application/json");
        if (raw) {
            exchange.getResponseHeaders().set(RawFileApi.REF, ref);
            exchange.getResponseHeaders().set(RawFileApi.SIGNER_ID, "test-xpi");
            exchange.getResponseHeaders().set(RawFileApi.TYPE, "xpi");
        }
        if (replayed) {
            exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        exchange.sendResponseHeaders(status, Files.size(json));
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(json, out);
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True while a request with this idempotency key is being signed. */
    /** The X-Request-Id of the last authenticated request with this Idempotency-Key, or null. */
    public String requestId(String idempotencyKey) {
        return requestIds.get(idempotencyKey);
    }

    public boolean signing(String idempotencyKey) {
        return inFlight.contains(idempotencyKey);
    }

    @Override
    public void close() {
        server.stop(0);
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // temp files only
        }
    }
}
