package dev.signet.autograph.rest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** Connection handling for answers given before the request body was read to its end. */
final class Connections {

    private Connections() {
    }

    /**
     * Answers with {@code Connection: close} and closes the connection once the answer is sent: the unread rest
     * of the body would otherwise be parsed as the next request on a keep-alive connection, and that request
     * would hang until a timeout.
     */
    static void closeAfterResponse(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!request.response().headWritten()) {
            request.response().putHeader("Connection", "close");
        }
        context.addEndHandler(done -> request.connection().close());
    }
}
