package dev.signet.requestid;

import dev.signet.model.requestid.RequestIds;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives an HTTP request its id before any other route runs (so the early refusals carry it too): the client's
 * {@code X-Request-Id} when valid, else a new one; echoed in the response and in the MDC for the request's lines.
 * Quarkus keeps a request's MDC in the request's own Vert.x context, which follows it onto worker threads and
 * ends with it; the end handler clears it as well, so no id outlives its request.
 */
public final class RequestIdHandler {

    private RequestIdHandler() {
    }

    /** A Vert.x route handler: {@code router.route().order(Integer.MIN_VALUE).handler(RequestIdHandler::assign)}. */
    public static void assign(RoutingContext ctx) {
        String id = RequestIds.orNew(ctx.request().getHeader(RequestIds.HTTP_HEADER));
        RequestIdMdc.set(id);
        ctx.response().putHeader(RequestIds.HTTP_HEADER, id);
        ctx.addEndHandler(done -> RequestIdMdc.clear());
        ctx.next();
    }
}
