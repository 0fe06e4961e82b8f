package dev.signet.amo.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** A request refused before its body was read: answer it, then close the connection rather than drain the body. */
final class UnreadBody {

    private UnreadBody() {
    }

    static void closeAfterAnswer(RoutingContext http) {
        if (!http.request().isEnded()) {
            http.response().putHeader(HttpHeaders.CONNECTION, "close");
            http.addEndHandler(v -> http.request().connection().close());
        }
    }
}
