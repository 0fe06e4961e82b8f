package dev.signet.amo.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * A request refused before its body was read: answer it, then close the connection rather than read the body
 * into anything. Most clients (Java's HttpClient, Node's request and fetch) send the whole body before they read
 * the answer; closing with unread bytes in the socket makes the kernel reset the connection, and the reset can
 * destroy the answer before the client reads it. So the rest of the body is discarded as it arrives, as
 * nginx's lingering close does, for at most {@link #LINGER_MS}; the connection is closed when it ends or then.
 */
final class UnreadBody {

    /** Long enough for a client on a fast link to finish sending an upload; bounded so a slow one cannot hold on. */
    static final long LINGER_MS = 5_000;

    private UnreadBody() {
    }

    static void closeAfterAnswer(RoutingContext http) {
        HttpServerRequest request = http.request();
        if (request.isEnded()) {
            return;
        }
        http.response().putHeader(HttpHeaders.CONNECTION, "close");
        http.addEndHandler(v -> {
            long timer = http.vertx().setTimer(LINGER_MS, t -> request.connection().close());
            try {
                request.handler(discarded -> { });
                request.endHandler(end -> {
                    http.vertx().cancelTimer(timer);
                    request.connection().close();
                });
                request.resume();
            } catch (IllegalStateException alreadyRead) {
                http.vertx().cancelTimer(timer);
                request.connection().close();
            }
        });
    }
}
