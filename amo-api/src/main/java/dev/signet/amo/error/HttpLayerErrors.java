package dev.signet.amo.error;

import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.rest.UnreadBody;
import dev.signet.requestid.RequestIdHandler;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Requests refused before the REST layer (where {@link ErrorMapper} never sees them) and before a byte of the
 * body is read, with the same JSON shape as every other error where the HTTP layer would answer with an empty
 * body: a URI or headers over our limits (414, 431: the HTTP codec's own limits are set higher, see
 * application.properties), a URI that is not one even with raw braces allowed (400), and an announced
 * {@code Content-Length} over {@code amo.upload.max-size} (413; curl -F, sign-addon and web-ext all announce
 * it), or a body that is not a multipart upload over {@code amo.http.max-json-size}. A chunked body that grows
 * past its limit is stopped while it streams: see {@link #streamingLimit}.
 */
@ApplicationScoped
public class HttpLayerErrors {

    /** Where the HTTP layer leaves the body limit for its streaming check (VertxInputStream). */
    private static final String QUARKUS_STREAMING_LIMIT = "io.quarkus.max-request-size";

    private final long maxBody;
    private final long maxJson;
    private final int maxUri;
    private final long maxHeaders;

    public HttpLayerErrors(AmoConfig config) {
        this.maxBody = config.upload().maxSize().asLongValue();
        this.maxJson = config.http().maxJsonSize().asLongValue();
        this.maxUri = config.http().maxUriLength();
        this.maxHeaders = config.http().maxHeaderSize().asLongValue();
    }

    /**
     * Ahead of every other route, the HTTP layer's own size check included; first of all the request id, so
     * these refusals carry it too.
     */
    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(RequestIdHandler::assign);
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::streamingLimit);
    }

    /**
     * A chunked multipart upload has no length to check up front. The HTTP layer's streaming cut-off (which
     * answers 413 with an empty body) is lifted for it, so the multipart parser's own limit, the same
     * {@code quarkus.http.limits.max-body-size}, stops it instead: that one fails the request through
     * {@link ErrorMapper}, which answers with the JSON error and closes the connection.
     */
    private void streamingLimit(RoutingContext ctx) {
        if (!isMultipart(ctx)) {
            // Any other body (JSON) is parsed in memory: a chunked one is cut off at the JSON limit instead.
            ctx.put(QUARKUS_STREAMING_LIMIT, maxJson);
        } else if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            ctx.remove(QUARKUS_STREAMING_LIMIT);
        }
        ctx.next();
    }

    private static boolean isMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    private void check(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri.length() > maxUri) {
            refuse(ctx, 414, "The request URI is too long: the limit is " + maxUri + " characters.");
        } else if (headerBytes(ctx) > maxHeaders) {
            refuse(ctx, 431, "The request headers are too large: the limit is " + maxHeaders + " bytes.");
        } else if (!isUri(uri)) {
            refuse(ctx, 400, "The request URI is malformed.");
        } else if (announcedLength(ctx) > maxBody) {
            refuse(ctx, 413, ErrorMapper.tooLargeMessage(maxBody));
        } else if (announcedLength(ctx) > maxJson && !isMultipart(ctx)) {
            refuse(ctx, 413, "The request body is too large: the limit for a body that is not a multipart upload is "
                    + maxJson / 1024 + " KiB.");
        } else {
            ctx.next();
        }
    }

    /**
     * AMO tells curl users to pass {@code -g}, which sends the braces of {@code {uuid}} add-on ids unencoded;
     * they are accepted as if encoded (the HTTP layer's own URI check is off for this, see AmoApiMain).
     */
    private static boolean isUri(String uri) {
        try {
            new URI(uri.replace("{", "%7B").replace("}", "%7D"));
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static long headerBytes(RoutingContext ctx) {
        long total = 0;
        for (Map.Entry<String, String> header : ctx.request().headers()) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    private static long announcedLength(RoutingContext ctx) {
        String announced = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return announced == null ? -1 : Long.parseLong(announced.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP codec refuses a malformed length before this runs
        }
    }

    /** The body is not read: answer, then close the connection rather than drain it. */
    private static void refuse(RoutingContext ctx, int status, String message) {
        UnreadBody.endWithAnswer(ctx);
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\": \"" + message + "\"}");
    }
}
