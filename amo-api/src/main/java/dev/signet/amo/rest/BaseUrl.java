package dev.signet.amo.rest;

import dev.signet.amo.config.AmoConfig;
import jakarta.ws.rs.core.UriInfo;

/** The absolute base of every link in a response: amo.public-url when set, else the request's own. */
public final class BaseUrl {

    private BaseUrl() {
    }

    public static String of(AmoConfig config, UriInfo uri) {
        String base = config.publicUrl().orElseGet(() -> uri.getBaseUri().toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
