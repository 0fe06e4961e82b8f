package dev.signet.amo.rest;

import dev.signet.amo.mapping.ValidationPage;
import dev.signet.amo.service.ValidationPageService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code validation_url}: the upload's report for a browser. No JWT (a browser cannot send one); the unguessable
 * token in the URL is the permission, as AMO's per-upload validation URLs.
 */
@Path("/developers/upload/{pk}/{token}")
public class ValidationPageResource {

    private final ValidationPageService pages;

    public ValidationPageResource(ValidationPageService pages) {
        this.pages = pages;
    }

    @GET
    public Response page(@PathParam("pk") String pk, @PathParam("token") String token) {
        return Response.ok(ValidationPage.render(pages.find(pk, token)), "text/html; charset=utf-8")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff")
                // The URL is the permission: it must not travel on in a Referer header or stay in a shared cache.
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "private, no-store")
                .build();
    }
}
