package dev.signet.monitor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.signet.hawk.HawkClient;
import dev.signet.hawk.HawkCredentials;
import dev.signet.hawk.HawkHeader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The request {@code signet-monitor} sends is the one Autograph's own {@code autograph-monitor} sends, as captured
 * between that tool and a real Autograph (autograph-signer's {@code autograph-fixtures/client/monitor.request}):
 * same method, path and Content-Type, the same payload hash, and a MAC made the same way.
 */
class AutographMonitorRequestTest {

    /** Autograph's dev monitoring key (its autograph-service.yaml: a test key that grants nothing). */
    static final String AUTOGRAPH_DEV_MONITOR_KEY = "19zd4w3xirb5syjgdx8atq6g91m03bdsmzjifs2oddivswlu9qs";
    static final Path CAPTURE = Path.of(System.getProperty("autograph.fixtures",
            "../autograph-signer/src/test/resources/autograph-fixtures"), "client/monitor.request");

    @Test
    void sendsWhatAutographsMonitorSends() throws Exception {
        List<String> captured = Files.readAllLines(CAPTURE, StandardCharsets.ISO_8859_1);
        assertEquals("GET /__monitor__ HTTP/1.1", captured.get(0));
        HawkHeader theirs = HawkHeader.parse(header(captured, "Authorization"));

        // Their MAC, recomputed by the library the monitor signs with, from what the capture carries.
        URI theirUri = URI.create("http://" + header(captured, "Host") + "/__monitor__");
        HawkHeader recomputed = HawkHeader.parse(HawkClient.header(HawkCredentials.of("monitor",
                AUTOGRAPH_DEV_MONITOR_KEY), "GET", theirUri, header(captured, "Content-Type"), new byte[0],
                Long.parseLong(theirs.ts()), theirs.nonce(), theirs.ext()));
        assertEquals(theirs.mac(), recomputed.mac());

        AtomicReference<String> line = new AtomicReference<>();
        AtomicReference<Headers> headers = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            line.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            headers.set(exchange.getRequestHeaders());
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            MonitorCli.Run run = MonitorCli.run(Map.of("SIGNET_MONITOR_HAWK_KEY", AUTOGRAPH_DEV_MONITOR_KEY),
                    base.toString());
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("GET /__monitor__", line.get());
            Headers ours = headers.get();
            assertEquals("application/json", ours.getFirst("Content-Type"));
            HawkHeader hawk = HawkHeader.parse(ours.getFirst("Authorization"));
            assertEquals("monitor", hawk.id());
            assertEquals(theirs.hash(), hawk.hash(), "the payload hash of an empty application/json body");
            assertNotNull(ours.getFirst("X-Request-Id"));
            HawkHeader expected = HawkHeader.parse(HawkClient.header(HawkCredentials.of("monitor",
                    AUTOGRAPH_DEV_MONITOR_KEY), "GET", URI.create(base + "/__monitor__"), "application/json",
                    new byte[0], Long.parseLong(hawk.ts()), hawk.nonce(), hawk.ext()));
            assertEquals(expected.mac(), hawk.mac());
        } finally {
            server.stop(0);
        }
    }

    private static String header(List<String> request, String name) {
        return request.stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(l -> l.substring(name.length() + 1).trim()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + CAPTURE));
    }
}
