package dev.signet.autograph.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.autograph.config.SignerServiceConfig;
import dev.signet.autograph.rest.ApiError;
import dev.signet.requestid.RequestIdHandler;
import dev.signet.requestid.RequestIdMdc;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The request-line, header and declared-body limits, checked before any route so the answers are the service's
 * JSON errors ({@code 414}, {@code 400} for a malformed request target, {@code 431}, {@code 413}) instead of the HTTP layer's empty ones. The HTTP layer's
 * own limits ({@code quarkus.http.limits.*}) are set above these, as a hard backstop.
 * Each refusal closes the connection: the rest of the request is never read.
 * Refusals are counted in {@code http_server_requests_seconds} under the single {@code uri} {@value #REFUSED_URI}.
 */
@ApplicationScoped
public class HttpLimits {

    private static final Logger LOG = Logger.getLogger(HttpLimits.class);
    /** The {@code uri} tag of every refused request. */
    public static final String REFUSED_URI = "/REFUSED";
    // The request-local key Quarkus REST sets the matched route template under and the HTTP metrics read.
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    private final int maxRequestTarget;
    private final long maxHeaderBytes;
    private final long maxBodyBytes;
    private final ObjectMapper mapper;

    public HttpLimits(SignerServiceConfig config, ObjectMapper mapper) {
        this.maxRequestTarget = config.http().maxRequestTargetLength();
        this.maxHeaderBytes = config.http().maxHeaderSize().asLongValue();
        this.maxBodyBytes = config.maxBodySize().asLongValue();
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        // First of all the caller's request id (the worker sends its job's), so every answer and line has it.
        router.route().order(Integer.MIN_VALUE).handler(RequestIdHandler::assign);
        // Before Quarkus's own upload limit (which answers 413 with an empty body).
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.uri().length() > maxRequestTarget) {
            refuse(ctx, 414, "request target longer than " + maxRequestTarget + " characters");
        } else if (!isRequestTarget(request.uri())) {
            refuse(ctx, 400, "malformed request target");
        } else if (headerBytes(request.headers()) > maxHeaderBytes) {
            refuse(ctx, 431, "request headers larger than " + maxHeaderBytes + " B");
        } else if (declaredLength(request) > maxBodyBytes) {
            refuse(ctx, 413, "request exceeded max size of " + maxBodyBytes + " B");
        } else {
            ctx.next();
        }
    }

    /**
     * The HTTP layer's own URI check is off (see SignerMain) because it answers raw braces with an empty 400;
     * braces and the other characters curl -g leaves unencoded are accepted as if encoded, anything else that is
     * not a URI is refused here with the JSON error.
     */
    static boolean isRequestTarget(String uri) {
        StringBuilder encoded = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            switch (c) {
                case '{', '}', '|', '^', '`', '[', ']' -> encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
                default -> encoded.append(c);
            }
        }
        try {
            new URI(encoded.toString());
            return uri.startsWith("/") || uri.equals("*") || uri.startsWith("http://") || uri.startsWith("https://");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static long headerBytes(MultiMap headers) {
        long total = 0;
        for (Map.Entry<String, String> h : headers) {
            total += h.getKey().length() + h.getValue().length() + 4; // ": " and CRLF
        }
        return total;
    }

    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // the resource answers 400 for it
        }
    }

    private void refuse(RoutingContext ctx, int status, String message) {
        // No route matched, so the HTTP metrics would tag the raw request target (a 414's is up to the limit long,
        // and each one new): one fixed tag instead keeps the series bounded.
        ContextLocals.put(URL_PATH_TEMPLATE, REFUSED_URI);
        String requestId = RequestIdMdc.currentOrNew();
        LOG.debugf("request %s: %d %s", requestId, status, message);
        String body;
        try {
            body = mapper.writeValueAsString(new ApiError(message, requestId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Connections.closeAfterResponse(ctx);
        HttpServerResponse response = ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json");
        response.end(body);
    }
}
