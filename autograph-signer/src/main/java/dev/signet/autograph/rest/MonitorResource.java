package dev.signet.autograph.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.autograph.auth.AuthException;
import dev.signet.autograph.auth.Authorizations;
import dev.signet.autograph.auth.hawk.HawkAuthenticator;
import dev.signet.autograph.service.MonitorService;
import dev.signet.model.signer.SignatureResponse;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;

/**
 * {@code GET /__monitor__}, for the {@code monitor} user only (Hawk with the payload hash of an empty body):
 * the cached signatures of {@code AUTOGRAPH MONITORING} by every signer ({@link MonitorService}); 201 with one JSON
 * object per line, as Autograph.
 */
@Path("/__monitor__")
public class MonitorResource {

    private static final byte[] EMPTY = new byte[0];

    private final HawkAuthenticator hawk;
    private final MonitorService monitor;
    private final ObjectMapper mapper;

    public MonitorResource(HawkAuthenticator hawk, MonitorService monitor, ObjectMapper mapper) {
        this.hawk = hawk;
        this.monitor = monitor;
        this.mapper = mapper;
    }

    @GET
    public Response monitor(@Context HttpServerRequest request) {
        String caller = hawk.authenticate(request, EMPTY);
        if (!Authorizations.MONITOR.equals(caller)) {
            throw AuthException.unauthorized("user is not permitted to call this endpoint");
        }
        StringBuilder ndjson = new StringBuilder();
        for (SignatureResponse r : monitor.responses(request.host())) {
            try {
                ndjson.append(mapper.writeValueAsString(r)).append('\n');
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(ndjson.toString()).build();
    }
}
