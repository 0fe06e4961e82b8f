package dev.signet.worker.messaging;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.hawk.HawkCredentials;
import dev.signet.hawk.HawkRequest;
import dev.signet.hawk.HawkResult;
import dev.signet.hawk.HawkVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the signer speaking its HTTP API: {@code POST /sign/file} (Hawk checked with the hawk
 * module's server-side verifier, payload hash included) and {@code GET /__lbheartbeat__}. It can be told to
 * fail the next requests with a given status, to exercise retries.
 */
public final class FakeSigner implements AutoCloseable {

    /** Test-only Hawk credentials; they grant nothing anywhere else. */
    public static final String HAWK_ID = "test-worker";
    public static final String HAWK_KEY = "test-only-hawk-key-not-a-secret";

    private final HttpServer server;
    private final HawkVerifier verifier = new HawkVerifier(
            id -> HAWK_ID.equals(id) ? HawkCredentials.of(HAWK_ID, HAWK_KEY) : null);
    private final List<String> signedBodies = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;

    public FakeSigner() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/__lbheartbeat__", exchange -> respond(exchange, 200, "{}"));
        server.createContext("/sign/file", this::signFile);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Bodies of the sign requests that passed authentication. */
    public List<String> signedBodies() {
        return signedBodies;
    }

    /** Why requests were refused (Hawk failures); a correct worker produces none. */
    public List<String> rejections() {
        return rejections;
    }

    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** The "signed" file is the input with {@link #SIGNED_SUFFIX} appended: recognisable in assertions. */
    public static final String SIGNED_SUFFIX = "+signed-by-fake";
    private static final Pattern INPUT = Pattern.compile("\"input\"\\s*:\\s*\"([A-Za-z0-9+/=]*)\"");

    private void signFile(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "{\"error\":\"method not allowed\"}");
            return;
        }
        HawkRequest request = HawkRequest.fromHostHeader("POST", exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"));
        HawkResult auth = verifier.verify(request, body);
        if (!auth.ok()) {
            rejections.add(auth.failure() + ": " + auth.message());
            respond(exchange, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            respond(exchange, failureStatus, "{\"error\":\"injected failure\"}");
            return;
        }
        String json = new String(body, StandardCharsets.UTF_8);
        signedBodies.add(json);
        Matcher input = INPUT.matcher(json);
        if (!input.find()) {
            respond(exchange, 400, "{\"error\":\"missing input\"}");
            return;
        }
        byte[] unsigned = Base64.getDecoder().decode(input.group(1));
        byte[] signed = Arrays.copyOf(unsigned, unsigned.length + SIGNED_SUFFIX.length());
        System.arraycopy(SIGNED_SUFFIX.getBytes(StandardCharsets.UTF_8), 0, signed, unsigned.length,
                SIGNED_SUFFIX.length());
        respond(exchange, 201, "[{\"ref\":\"ref-" + signedBodies.size() + "\",\"type\":\"xpi\","
                + "\"mode\":\"add-on\",\"signer_id\":\"test-xpi\",\"public_key\":\"\","
                + "\"signed_file\":\"" + Base64.getEncoder().encodeToString(signed) + "\"}]");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
