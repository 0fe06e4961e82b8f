package dev.signet.amo.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * JSON responses say {@code Content-Type: application/json} with no charset parameter: the npm sign-addon
 * client compares the header literally and rejects anything else (JSON is UTF-8 by definition anyway).
 * Done at the HTTP layer because the REST layer appends the charset after its own filters ran.
 */
@ApplicationScoped
public class PlainJsonContentType {

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            rc.addHeadersEndHandler(v -> {
                String type = rc.response().headers().get("Content-Type");
                if (type != null && type.toLowerCase().startsWith("application/json;")) {
                    rc.response().headers().set("Content-Type", "application/json");
                }
            });
            rc.next();
        }, 100);
    }
}
