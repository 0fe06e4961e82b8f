package dev.signet.autograph.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Connection handling for answers given before the request body was read to its end.
 *
 * <p>HTTP/1.1: the answer says {@code Connection: close} and the connection is closed once it is sent; the unread
 * rest of the body would otherwise be parsed as the next request on a keep-alive connection, and that request
 * would hang until a timeout. HTTP/2 forbids that header (a client drops an answer carrying it as malformed) and
 * multiplexes other requests on the connection: there only the stream is ended, with RST_STREAM(NO_ERROR) as RFC
 * 9113 §8.1 gives a server that answered before the request was complete.
 */
public final class Connections {

    private static final long NO_ERROR = 0;

    private Connections() {
    }

    public static void closeAfterResponse(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() == HttpVersion.HTTP_2) {
            context.addEndHandler(done -> {
                if (!request.isEnded()) {
                    request.response().reset(NO_ERROR);
                }
            });
            return;
        }
        if (!request.response().headWritten()) {
            request.response().putHeader("Connection", "close");
        }
        context.addEndHandler(done -> request.connection().close());
    }
}
