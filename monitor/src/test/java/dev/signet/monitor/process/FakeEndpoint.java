package dev.signet.monitor.process;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback HTTP server answering fixed bodies per path: the published x5u chain of a test (which the test swaps
 * between runs), and monitor answers that are not a signer's.
 */
public final class FakeEndpoint implements AutoCloseable {

    /** One canned answer. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public FakeEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Answer a = answers.get(exchange.getRequestURI().getPath());
            if (a == null) {
                a = new Answer(404, "text/plain", "not found\n".getBytes());
            }
            exchange.getResponseHeaders().set("Content-Type", a.contentType());
            exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            }
        });
        server.start();
    }

    public void answer(String path, int status, String contentType, byte[] body) {
        answers.put(path, new Answer(status, contentType, body));
    }

    public void remove(String path) {
        answers.remove(path);
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
