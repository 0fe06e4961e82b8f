package dev.signet.amo.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.amo.auth.Caller;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.rest.Authenticated;
import dev.signet.amo.rest.JsonLines;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The review queue for reviewers' own tools, with the same authentication as every API (JWT, OAuth 1.0a or a
 * session) and the {@code reviewer} role: the queue, one version, a decision.
 */
@Path("/api/v5/reviewers")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@JsonLines
public class ReviewApiResource {

    private final Caller caller;
    private final ReviewService reviews;

    public ReviewApiResource(Caller caller, ReviewService reviews) {
        this.caller = caller;
        this.reviews = reviews;
    }

    @GET
    @Path("/queue")
    public Map<String, Object> queue() {
        List<QueueEntry> entries = reviews.queue(caller.userId());
        return Map.of("count", entries.size(), "results", entries);
    }

    @GET
    @Path("/versions/{id}")
    public VersionReview version(@PathParam("id") String id) {
        return reviews.version(caller.userId(), versionId(id));
    }

    /** {@code {"action": "approve" | "reject", "comment": "..."}}. */
    @POST
    @Path("/versions/{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response decide(@PathParam("id") String id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AmoException.detail(400, "Expected a JSON object: {\"action\": \"approve\" or \"reject\","
                    + " \"comment\": \"...\"}.");
        }
        JsonNode comment = body.path("comment");
        if (!comment.isMissingNode() && !comment.isNull() && !comment.isTextual()) {
            throw AmoException.field(400, "comment", "Not a valid string.");
        }
        DecisionView decision = reviews.decide(caller.userId(), versionId(id),
                body.path("action").isTextual() ? body.path("action").asText() : null,
                comment.isTextual() ? comment.asText() : null);
        return Response.status(201).entity(decision).build();
    }

    private static long versionId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw AmoException.detail(404, "Not found.");
        }
    }
}
