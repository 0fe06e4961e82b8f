package dev.signet.amo.account;

import io.vertx.core.http.HttpServerRequest;

/** The client's address for throttling; behind a proxy, Quarkus's proxy-address-forwarding sets it. */
public final class ClientIp {

    private ClientIp() {
    }

    public static String of(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }
}
