package dev.signet.amo.account;

import dev.signet.amo.auth.Caller;
import dev.signet.amo.rest.Authenticated;
import dev.signet.amo.rest.JsonLines;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The caller's own API credentials (the "API Credentials Management Page" of AMO's JWT docs, as an API): list,
 * create, rotate and revoke JWT keys and OAuth consumers. A new secret is in the creating answer only.
 */
@Path("/api/v2/account/api-keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@JsonLines
public class CredentialsResource {

    private final Caller caller;
    private final CredentialService credentials;

    public CredentialsResource(Caller caller, CredentialService credentials) {
        this.caller = caller;
        this.credentials = credentials;
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("results", credentials.list(caller.userId()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Map<String, Object> body) {
        Object type = body == null ? null : body.get("type");
        Credential created = credentials.create(caller.userId(), type instanceof String s ? s : null);
        return Response.status(201).entity(created).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/{key}/rotate")
    public Response rotate(@PathParam("key") String key) {
        return Response.status(201).entity(credentials.rotate(caller.userId(), key))
                .header("Cache-Control", "no-store").build();
    }

    @DELETE
    @Path("/{key}")
    public Response revoke(@PathParam("key") String key) {
        credentials.revoke(caller.userId(), key);
        return Response.noContent().build();
    }
}
