package dev.signet.amo.error;

import dev.signet.amo.config.AmoConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Uploads over {@code amo.upload.max-size}, refused before the REST layer (where {@link ErrorMapper} never sees
 * them) and before a byte of the body is read: a request whose {@code Content-Length} is over the limit gets
 * 413 with the same JSON shape as every other error, where the HTTP layer would answer an empty 413. curl -F,
 * sign-addon and web-ext all announce the length. A chunked upload that grows past the limit is cut off by the
 * HTTP layer itself while it streams (413, empty body, connection closed): see {@link ErrorMapper#tooLarge}.
 */
@ApplicationScoped
public class HttpLayerErrors {

    private final long limit;
    private final String tooLarge;

    public HttpLayerErrors(AmoConfig config) {
        this.limit = config.upload().maxSize().asLongValue();
        this.tooLarge = "{\"error\": \"" + ErrorMapper.tooLargeMessage(limit) + "\"}";
    }

    /** Ahead of every other route, the HTTP layer's own size check included. */
    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkAnnouncedLength);
    }

    private void checkAnnouncedLength(RoutingContext ctx) {
        String announced = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = announced == null ? -1 : Long.parseLong(announced.trim());
        } catch (NumberFormatException e) {
            length = -1; // the HTTP codec refuses a malformed length before this runs
        }
        if (length <= limit) {
            ctx.next();
            return;
        }
        // The body is not read: answer, then close the connection rather than drain it.
        ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> ctx.request().connection().close())
                .end(tooLarge);
    }
}
