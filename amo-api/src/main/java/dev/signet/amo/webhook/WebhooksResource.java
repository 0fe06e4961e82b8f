package dev.signet.amo.webhook;

import dev.signet.amo.auth.Caller;
import dev.signet.amo.rest.Authenticated;
import dev.signet.amo.rest.JsonFields;
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
import java.util.List;
import java.util.Map;

/** {@code /api/v5/accounts/webhooks/}: the caller's own webhooks and their delivery logs (docs/webhooks.md). */
@Path("/api/v5/accounts/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@JsonLines
public class WebhooksResource {

    private final Caller caller;
    private final WebhookService webhooks;

    public WebhooksResource(Caller caller, WebhookService webhooks) {
        this.caller = caller;
        this.webhooks = webhooks;
    }

    @GET
    public Map<String, Object> list() {
        return results(webhooks.list(caller.userId()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(Map<String, Object> body) {
        WebhookView created = webhooks.register(caller.userId(), JsonFields.text(body, "url"));
        return Response.status(201).entity(created).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/{id}")
    public WebhookView detail(@PathParam("id") String id) {
        return webhooks.get(caller.userId(), id);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(caller.userId(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/test")
    public Response sendTest(@PathParam("id") String id) {
        return Response.status(202).entity(Map.of("event_id", webhooks.sendTest(caller.userId(), id))).build();
    }

    @GET
    @Path("/{id}/deliveries")
    public Map<String, Object> deliveries(@PathParam("id") String id) {
        return results(webhooks.deliveries(caller.userId(), id));
    }

    private static Map<String, Object> results(List<?> results) {
        return Map.of("count", results.size(), "results", results);
    }
}
