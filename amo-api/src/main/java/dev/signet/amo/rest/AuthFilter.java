package dev.signet.amo.rest;

import dev.signet.amo.auth.Caller;
import dev.signet.amo.auth.RequestAuthenticator;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates the caller before the request body is read. RESTEasy Reactive runs request filters ahead of the
 * handler that reads a multipart body for {@code @RestForm} parameters (for blocking routes on the worker
 * thread, where the database lookups may block), so an unauthenticated upload is refused after its headers,
 * not after its last byte. The refused body is never read: the connection is closed after the answer rather
 * than drained.
 */
public class AuthFilter {

    private final RequestAuthenticator authenticator;
    private final Caller caller;

    public AuthFilter(RequestAuthenticator authenticator, Caller caller) {
        this.authenticator = authenticator;
        this.caller = caller;
    }

    @Authenticated
    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, RoutingContext http) {
        try {
            ApiVersions.check(request.getUriInfo().getPathParameters().getFirst("api"));
            caller.authenticated(authenticator.authenticate(request, http));
        } catch (RuntimeException e) {
            UnreadBody.closeAfterAnswer(http);
            throw e;
        }
    }
}
