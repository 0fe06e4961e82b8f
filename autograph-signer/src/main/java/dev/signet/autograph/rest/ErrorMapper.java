package dev.signet.autograph.rest;

import dev.signet.autograph.auth.AuthException;
import dev.signet.autograph.signer.SignerException;
import dev.signet.requestid.RequestIdMdc;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The single error handler: {@code {"error": "...", "request_id": "..."}} as JSON. 4xx carry a specific message;
 * 5xx a generic one, with the detail and stack trace only in the log under the same request id.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response r = error(e.status(), e.getMessage());
        if (e.retryAfterSeconds() > 0) {
            r.getHeaders().add(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
        }
        return r;
    }

    @ServerExceptionMapper
    public Response auth(AuthException e) {
        Response r = error(e.status(), e.getMessage());
        if (e.wwwAuthenticate() != null) {
            r.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, e.wwwAuthenticate());
        }
        return r;
    }

    @ServerExceptionMapper
    public Response signer(SignerException e) {
        if (e.isBadInput()) {
            return error(400, e.getMessage());
        }
        return serverError(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return serverError(e);
        }
        String message = switch (status) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable";
            case 415 -> "unsupported media type";
            default -> e.getMessage() == null ? "bad request" : e.getMessage();
        };
        Response r = error(status, message);
        Object allow = e.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
        if (allow != null) {
            r.getHeaders().add(HttpHeaders.ALLOW, allow);
        }
        return r;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return serverError(e);
    }

    private static Response serverError(Throwable e) {
        String requestId = RequestIdMdc.currentOrNew();
        LOG.errorf(e, "request %s failed", requestId);
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("internal error", requestId)).build();
    }

    static Response error(int status, String message) {
        String requestId = RequestIdMdc.currentOrNew();
        LOG.debugf("request %s: %d %s", requestId, status, message);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(message, requestId)).build();
    }
}
