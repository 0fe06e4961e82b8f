package dev.signet.amo.web;

import dev.signet.amo.account.SessionService;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.webhook.WebhookService;
import dev.signet.amo.webhook.WebhookView;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Function;

/**
 * The developer hub's webhooks page: register a URL (its secret is shown on the answering page only), delete,
 * send a test event, and the recent deliveries with their attempts. Plain forms, as the rest of the hub.
 */
@Path("/developers/webhooks")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class WebhooksPage {

    private static final String TITLE = "Webhooks";

    private final WebhookService webhooks;
    private final PageFrames frames;
    private final WebSessions web;
    private final Csrf csrf;
    private final Template template;

    public WebhooksPage(WebhookService webhooks, PageFrames frames, WebSessions web, Csrf csrf,
            @Location("devhub/webhooks.html") Template template) {
        this.webhooks = webhooks;
        this.frames = frames;
        this.web = web;
        this.csrf = csrf;
        this.template = template;
    }

    @GET
    public Response show(@Context HttpServerRequest http) {
        return web.current(http).map(s -> render(200, s, null, null, null, null))
                .orElseGet(() -> HtmlResponses.seeOther("/developers/login"));
    }

    @POST
    public Response register(@Context HttpServerRequest http, @FormParam("url") String url,
            @FormParam("csrf") String submitted) {
        return inSession(http, submitted, url,
                s -> render(201, s, webhooks.register(s.userId(), url), null, null, null));
    }

    @POST
    @Path("/delete")
    public Response delete(@Context HttpServerRequest http, @FormParam("id") String id,
            @FormParam("csrf") String submitted) {
        return inSession(http, submitted, null, s -> {
            webhooks.delete(s.userId(), id);
            return render(200, s, null, "Deleted the webhook: it gets no more events.", null, null);
        });
    }

    @POST
    @Path("/test")
    public Response sendTest(@Context HttpServerRequest http, @FormParam("id") String id,
            @FormParam("csrf") String submitted) {
        return inSession(http, submitted, null, s -> render(202, s, null, "Queued test event "
                + webhooks.sendTest(s.userId(), id) + ": reload this page to see its delivery.", null, null));
    }

    private Response render(int status, SessionService.Session s, WebhookView created, String notice,
            String error, String typedUrl) {
        Page frame = frames.of(TITLE, s);
        Page page = new Page(TITLE, frame.displayName(), frame.csrf(), error, notice, frame.reviewer());
        return HtmlResponses.page(status, template.data("page", page).data("created", created)
                .data("webhooks", webhooks.list(s.userId())).data("deliveries", webhooks.deliveries(s.userId(), null))
                .data("url", typedUrl == null ? "" : typedUrl));
    }

    /** Runs a form action of a logged-in user; a refusal is shown on the page, with the URL that was typed. */
    private Response inSession(HttpServerRequest http, String submitted, String url,
            Function<SessionService.Session, Response> action) {
        Optional<SessionService.Session> session = web.current(http);
        if (session.isEmpty()) {
            return HtmlResponses.seeOther("/developers/login");
        }
        try {
            csrf.checkSession(http, session.get(), submitted);
            return action.apply(session.get());
        } catch (AmoException e) {
            String label = "url".equals(e.field()) ? "URL: " : "";
            return render(e.status(), session.get(), null, null, label + e.getMessage(), url);
        }
    }
}
