package dev.signet.autograph.rest;

import dev.signet.autograph.config.SignerServiceConfig;
import dev.signet.autograph.service.MonitorService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The unauthenticated Dockerflow endpoints: heartbeats and version. */
@jakarta.ws.rs.Path("/")
public class ServiceResource {

    private final MonitorService monitor;
    private final byte[] version;

    public ServiceResource(MonitorService monitor, SignerServiceConfig config) {
        this.monitor = monitor;
        this.version = loadVersion(config.versionFile().orElse(null));
    }

    /** 200 {@code {}} when every signer signs; 500 naming the failing signers otherwise. */
    @GET
    @jakarta.ws.rs.Path("__heartbeat__")
    public Response heartbeat() {
        List<String> failing = monitor.failingSigners();
        if (failing.isEmpty()) {
            return Response.ok(Map.of(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("signersAccessible", false, "failing", failing)).build();
    }

    @GET
    @jakarta.ws.rs.Path("__lbheartbeat__")
    public Response lbHeartbeat() {
        return Response.ok("ohai", MediaType.TEXT_PLAIN_TYPE).build();
    }

    @GET
    @jakarta.ws.rs.Path("__version__")
    public Response version() {
        return Response.ok(version, MediaType.APPLICATION_JSON_TYPE).build();
    }

    // A deploy-time file wins (Autograph serves ./version.json); otherwise the document rendered at build time.
    private static byte[] loadVersion(Path file) {
        try {
            if (file != null && Files.isRegularFile(file)) {
                return Files.readAllBytes(file);
            }
            try (InputStream in = ServiceResource.class.getResourceAsStream("/version.json")) {
                if (in == null) {
                    return "{\"source\":\"signet\",\"version\":\"unknown\",\"commit\":\"unknown\",\"build\":\"unknown\"}"
                            .getBytes(StandardCharsets.UTF_8);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading version document", e);
        }
    }
}
