package dev.signet.amo.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.signet.amo.config.AmoConfig;
import dev.signet.requestid.RequestIdMdc;
import dev.signet.amo.rest.UnreadBody;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place errors become HTTP responses: a JSON body, never a stack trace. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    private static final String RETRY_AFTER_OUTAGE_SECONDS = "5";

    private final long maxUpload;

    public ErrorMapper(AmoConfig config) {
        this.maxUpload = config.upload().maxSize().asLongValue();
    }

    @ServerExceptionMapper
    public Response amo(AmoException e) {
        Response.ResponseBuilder builder = Response.status(e.status()).entity(e.body());
        e.headers().forEach(builder::header);
        return json(builder);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(Response.status(404).entity(Map.of("detail", "Not found.")));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return json(Response.status(405).entity(Map.of("detail", "Method not allowed.")));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return json(Response.status(415).entity(Map.of("detail", "Unsupported media type in request.")));
    }

    @ServerExceptionMapper({JsonParseException.class, MismatchedInputException.class})
    public Response badJson(Exception e) {
        return json(Response.status(400).entity(Map.of("detail", "Malformed JSON in request body.")));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, RoutingContext http) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        if (status == 413) {
            return tooLarge(http);
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return json(Response.status(status).entity(Map.of("detail", reason == null ? "Request failed." : reason)));
    }

    /** The user-facing text for an upload over {@code limit} bytes. */
    public static String tooLargeMessage(long limit) {
        return "The uploaded file is too large: the limit is " + limit / (1024 * 1024) + " MiB.";
    }

    /**
     * An upload that grew past the limit while streaming (the multipart parser stops it, see HttpLayerErrors):
     * the rest of the body is not read, the connection is closed after the answer.
     */
    private Response tooLarge(RoutingContext http) {
        LOG.debug("upload refused while streaming: over the size limit");
        UnreadBody.endWithAnswer(http);
        return json(Response.status(413).entity(Map.of("error", tooLargeMessage(maxUpload))));
    }

    /**
     * A chunked non-multipart body over the limit: the HTTP layer has already answered 413 and closed the
     * connection, so this response is not sent; it only keeps the event from counting as an internal error.
     */
    @ServerExceptionMapper
    public Response cutOff(java.io.IOException e) {
        if (!"Request too large".equals(e.getMessage())) {
            return internal(e);
        }
        LOG.debug("request body refused while streaming: over the size limit");
        return json(Response.status(413).entity(Map.of("error", tooLargeMessage(maxUpload))));
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        if (MalformedMultipart.isCause(e)) {
            LOG.debugf("malformed multipart body: %s", e.getMessage());
            return json(Response.status(400).entity(Map.of("error", "Malformed multipart/form-data request body.")));
        }
        if (DatabaseOutage.isCause(e)) {
            LOG.warnf("database unavailable: %s", e.getMessage());
            return json(Response.status(503).header("Retry-After", RETRY_AFTER_OUTAGE_SECONDS)
                    .entity(Map.of("detail", "Service temporarily unavailable, try again later.")));
        }
        String id = RequestIdMdc.currentOrNew();
        LOG.errorf(e, "internal error, request id %s", id);
        return json(Response.status(500).entity(Map.of("detail", "Internal Server Error", "request_id", id)));
    }

    private static Response json(Response.ResponseBuilder builder) {
        return builder.type("application/json").build();
    }
}
