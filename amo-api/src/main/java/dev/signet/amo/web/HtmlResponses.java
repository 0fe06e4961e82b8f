package dev.signet.amo.web;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Pages and redirects with the headers every page gets: no script, styles and forms from this origin only, never
 * framed (clickjacking), no caching (pages can hold a secret shown once).
 */
final class HtmlResponses {

    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private HtmlResponses() {
    }

    static Response page(int status, TemplateInstance page, NewCookie... cookies) {
        return secured(Response.status(status).entity(page.render()).type("text/html; charset=utf-8"))
                .cookie(cookies).build();
    }

    /** 303: after a POST the browser GETs the next page, so reloading it sends nothing again. */
    static Response seeOther(String path, NewCookie... cookies) {
        return secured(Response.seeOther(URI.create(path))).cookie(cookies).build();
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder builder) {
        return builder.header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY").header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store");
    }
}
