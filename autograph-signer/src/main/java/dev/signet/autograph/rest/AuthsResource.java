package dev.signet.autograph.rest;

import dev.signet.autograph.auth.AuthException;
import dev.signet.autograph.auth.Authorizations;
import dev.signet.autograph.auth.hawk.HawkAuthenticator;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /auths/{id}/keyids}: the caller's own signer ids, sorted. A malformed id does not match: 404. */
@Path("/auths/{id: [a-zA-Z0-9-_]{1,255}}/keyids")
public class AuthsResource {

    private final HawkAuthenticator hawk;
    private final Authorizations authorizations;

    public AuthsResource(HawkAuthenticator hawk, Authorizations authorizations) {
        this.hawk = hawk;
        this.authorizations = authorizations;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<String> keyIds(@PathParam("id") String id, @Context HttpServerRequest request) {
        if (hasBody(request)) {
            throw ApiException.badRequest("endpoint received unexpected request body");
        }
        // Header only, as Autograph: a GET has no body, so its clients send no payload hash.
        String caller = hawk.authenticate(request, null);
        if (!caller.equals(id)) {
            throw new AuthException(403, "Authorized user \"" + caller + "\" cannot request keyids for user \""
                    + id + "\"", null);
        }
        return authorizations.keyIds(caller);
    }

    static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return (length != null && !length.trim().equals("0")) || request.getHeader("Transfer-Encoding") != null;
    }
}
