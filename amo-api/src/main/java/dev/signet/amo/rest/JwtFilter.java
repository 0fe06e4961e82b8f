package dev.signet.amo.rest;

import dev.signet.amo.auth.Caller;
import dev.signet.amo.auth.JwtAuthenticator;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates the JWT before the request body is read. RESTEasy Reactive runs request filters ahead of the
 * handler that reads a multipart body for {@code @RestForm} parameters (for blocking routes on the worker
 * thread, where the database lookups may block), so an unauthenticated upload is refused after its headers,
 * not after its last byte. The refused body is never read: the connection is closed after the answer rather
 * than drained.
 */
public class JwtFilter {

    private final JwtAuthenticator jwt;
    private final Caller caller;

    public JwtFilter(JwtAuthenticator jwt, Caller caller) {
        this.jwt = jwt;
        this.caller = caller;
    }

    @JwtRequired
    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, RoutingContext http) {
        try {
            ApiVersions.check(request.getUriInfo().getPathParameters().getFirst("api"));
            caller.authenticated(jwt.authenticate(request.getHeaderString("Authorization")));
        } catch (RuntimeException e) {
            UnreadBody.closeAfterAnswer(http);
            throw e;
        }
    }
}
