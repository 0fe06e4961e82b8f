package dev.signet.amo.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * A request refused before its body was read: answer it, then stop the body rather than read it into anything.
 *
 * <p>HTTP/1.1 can only stop a body by closing the connection. Most clients (Java's HttpClient, Node's request
 * and fetch) send the whole body before they read the answer; closing with unread bytes in the socket makes the
 * kernel reset the connection, and the reset can destroy the answer before the client reads it. So the rest of
 * the body is discarded as it arrives, as nginx's lingering close does, for at most {@link #LINGER_MS}; the
 * connection is closed when it ends or then.
 *
 * <p>HTTP/2 multiplexes other requests over the connection and forbids the {@code Connection} header (a client
 * treats it as a protocol error and loses the answer). There the stream alone is ended, with the RST_STREAM
 * NO_ERROR that RFC 9113 §8.1 gives a server that answered before the request was complete.
 */
public final class UnreadBody {

    /** Long enough for a client on a fast link to finish sending an upload; bounded so a slow one cannot hold on. */
    static final long LINGER_MS = 5_000;

    private static final long NO_ERROR = 0;

    private UnreadBody() {
    }

    /** Discard what is left of the body after the answer, then end the connection (HTTP/1) or the stream. */
    public static void closeAfterAnswer(RoutingContext http) {
        HttpServerRequest request = http.request();
        if (request.isEnded()) {
            return;
        }
        if (isHttp2(request)) {
            resetAfterAnswer(http);
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

    /** Ends the connection (HTTP/1) or only the stream (HTTP/2) with the answer, without lingering. */
    public static void endWithAnswer(RoutingContext http) {
        HttpServerRequest request = http.request();
        if (isHttp2(request)) {
            resetAfterAnswer(http);
            return;
        }
        http.response().putHeader(HttpHeaders.CONNECTION, "close");
        http.addEndHandler(v -> request.connection().close());
    }

    // Vert.x Web owns the response's single end handler; RoutingContext end handlers are the ones to add.
    private static void resetAfterAnswer(RoutingContext http) {
        http.addEndHandler(v -> {
            if (!http.request().isEnded()) {
                http.response().reset(NO_ERROR);
            }
        });
    }

    private static boolean isHttp2(HttpServerRequest request) {
        return request.version() == HttpVersion.HTTP_2;
    }
}
