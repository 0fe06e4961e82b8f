package dev.signet.amo.web;

import dev.signet.amo.account.SessionService;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.review.ReviewService;
import dev.signet.amo.review.VersionReview;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/** The reviewers' pages: the queue, one version to review, and the approve/reject form. */
@Path("/reviewers")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class ReviewPages {

    private final ReviewService reviews;
    private final WebSessions web;
    private final Csrf csrf;
    private final PageFrames frames;
    private final Template queue;
    private final Template review;

    public ReviewPages(ReviewService reviews, WebSessions web, Csrf csrf, PageFrames frames,
            @Location("reviewers/queue.html") Template queue, @Location("reviewers/review.html") Template review) {
        this.reviews = reviews;
        this.web = web;
        this.csrf = csrf;
        this.frames = frames;
        this.queue = queue;
        this.review = review;
    }

    @GET
    public Response queuePage(@Context HttpServerRequest http, @QueryParam("decided") String decided) {
        Optional<SessionService.Session> session = web.current(http);
        if (session.isEmpty()) {
            return HtmlResponses.seeOther("/developers/login");
        }
        Page page = frames.of("Review queue", session.get());
        try {
            // Only the two words the form's redirect uses: a crafted link cannot put its own text on the page.
            Page shown = "approved".equals(decided) || "rejected".equals(decided)
                    ? page.withNotice("Decision recorded: " + decided + ".") : page;
            return HtmlResponses.page(200, queue.data("page", shown)
                    .data("entries", reviews.queue(session.get().userId())));
        } catch (AmoException e) {
            return HtmlResponses.page(e.status(), queue.data("page", page.withError(e.getMessage()))
                    .data("entries", List.of()));
        }
    }

    @GET
    @Path("/versions/{id}")
    public Response versionPage(@Context HttpServerRequest http, @PathParam("id") String id) {
        Optional<SessionService.Session> session = web.current(http);
        if (session.isEmpty()) {
            return HtmlResponses.seeOther("/developers/login");
        }
        return reviewPage(200, session.get(), id, null, "");
    }

    @POST
    @Path("/versions/{id}")
    public Response decide(@Context HttpServerRequest http, @PathParam("id") String id,
            @FormParam("action") String action, @FormParam("comment") String comment,
            @FormParam("csrf") String submitted) {
        Optional<SessionService.Session> session = web.current(http);
        if (session.isEmpty()) {
            return HtmlResponses.seeOther("/developers/login");
        }
        try {
            csrf.checkSession(http, session.get(), submitted);
            reviews.decide(session.get().userId(), parse(id), action, comment);
            return HtmlResponses.seeOther("/reviewers/?decided=" + ("approve".equals(action) ? "approved"
                    : "rejected"));
        } catch (AmoException e) {
            return reviewPage(e.status(), session.get(), id, e.getMessage(), comment == null ? "" : comment);
        }
    }

    private Response reviewPage(int status, SessionService.Session session, String id, String error,
            String comment) {
        Page page = frames.of("Review", session);
        try {
            VersionReview version = reviews.version(session.userId(), parse(id));
            Page titled = new Page("Review " + (version.name() == null ? version.guid() : version.name()) + " "
                    + version.version(), page.displayName(), page.csrf(), error, null, page.reviewer());
            return HtmlResponses.page(status, review.data("page", titled).data("v", version)
                    .data("comment", comment));
        } catch (AmoException e) {
            return HtmlResponses.page(e.status(), queue.data("page", page.withError(e.getMessage()))
                    .data("entries", List.of()));
        }
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw AmoException.detail(404, "Not found.");
        }
    }
}
