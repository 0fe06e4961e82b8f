package dev.signet.amo.web;

import dev.signet.amo.account.AccountService;
import dev.signet.amo.account.ClientIp;
import dev.signet.amo.account.Credential;
import dev.signet.amo.account.CredentialService;
import dev.signet.amo.account.SessionService;
import dev.signet.amo.error.AmoException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;

/**
 * The developer hub: sign up, log in and out, API credentials and "My add-ons", as plain server-rendered HTML forms
 * that work without JavaScript. Every POST carries a CSRF token; every failure is shown on the page in words.
 */
@Path("/developers")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class DevHubResource {

    private final AccountService accounts;
    private final CredentialService credentials;
    private final SessionService sessions;
    private final WebSessions web;
    private final Csrf csrf;
    private final MyAddons myAddons;
    private final PageFrames frames;
    private final Template login;
    private final Template signup;
    private final Template apiKeys;
    private final Template addons;

    public DevHubResource(AccountService accounts, CredentialService credentials, SessionService sessions,
            WebSessions web, Csrf csrf, MyAddons myAddons, PageFrames frames, @Location("devhub/login.html") Template login,
            @Location("devhub/signup.html") Template signup, @Location("devhub/api-keys.html") Template apiKeys,
            @Location("devhub/addons.html") Template addons) {
        this.accounts = accounts;
        this.credentials = credentials;
        this.sessions = sessions;
        this.web = web;
        this.csrf = csrf;
        this.myAddons = myAddons;
        this.frames = frames;
        this.login = login;
        this.signup = signup;
        this.apiKeys = apiKeys;
        this.addons = addons;
    }

    @GET
    public Response home(@Context HttpServerRequest http) {
        return HtmlResponses.seeOther(web.current(http).isPresent() ? "/developers/addons" : "/developers/login");
    }

    @GET
    @Path("/login")
    public Response loginPage(@Context HttpServerRequest http, @QueryParam("out") String out) {
        if (web.current(http).isPresent()) {
            return HtmlResponses.seeOther("/developers/addons");
        }
        String token = csrf.fresh();
        Page page = anonymous("Log in", token);
        return HtmlResponses.page(200, login.data("page", out != null ? page.withNotice("You are logged out.") : page)
                .data("email", ""), csrfCookie(token, http));
    }

    @POST
    @Path("/login")
    public Response logIn(@Context HttpServerRequest http, @FormParam("email") String email,
            @FormParam("password") String password, @FormParam("csrf") String submitted) {
        try {
            csrf.checkDoubleSubmit(http, submitted);
            AccountService.Login done = accounts.logIn(email, password, ClientIp.of(http));
            return HtmlResponses.seeOther("/developers/addons", web.opened(done.token(), http));
        } catch (AmoException e) {
            String token = csrf.fresh();
            return HtmlResponses.page(e.status(), login.data("page", anonymous("Log in", token)
                    .withError(e.getMessage())).data("email", email == null ? "" : email), csrfCookie(token, http));
        }
    }

    @GET
    @Path("/signup")
    public Response signupPage(@Context HttpServerRequest http) {
        String token = csrf.fresh();
        return HtmlResponses.page(200, signup.data("page", anonymous("Sign up", token)).data("email", "")
                .data("displayName", ""), csrfCookie(token, http));
    }

    @POST
    @Path("/signup")
    public Response signUp(@Context HttpServerRequest http, @FormParam("email") String email,
            @FormParam("display_name") String displayName, @FormParam("password") String password,
            @FormParam("csrf") String submitted) {
        try {
            csrf.checkDoubleSubmit(http, submitted);
            accounts.signUp(email, password, displayName);
            AccountService.Login done = accounts.logIn(email, password, ClientIp.of(http));
            return HtmlResponses.seeOther("/developers/api-keys", web.opened(done.token(), http));
        } catch (AmoException e) {
            String token = csrf.fresh();
            return HtmlResponses.page(e.status(), signup.data("page", anonymous("Sign up", token)
                    .withError(label(e) + e.getMessage())).data("email", email == null ? "" : email)
                    .data("displayName", displayName == null ? "" : displayName), csrfCookie(token, http));
        }
    }

    @POST
    @Path("/logout")
    public Response logOut(@Context HttpServerRequest http, @FormParam("csrf") String submitted) {
        Optional<SessionService.Session> session = web.current(http);
        if (session.isPresent()) {
            try {
                csrf.checkSession(http, session.get(), submitted);
            } catch (AmoException e) {
                // Another site cannot log the user out either.
                return HtmlResponses.seeOther("/developers/addons");
            }
            web.token(http).ifPresent(t -> sessions.close(t, Instant.now()));
        }
        return HtmlResponses.seeOther("/developers/login?out=1", web.cleared(http));
    }

    @GET
    @Path("/api-keys")
    public Response apiKeysPage(@Context HttpServerRequest http) {
        return web.current(http).map(s -> keysPage(200, s, null, null))
                .orElseGet(() -> HtmlResponses.seeOther("/developers/login"));
    }

    @POST
    @Path("/api-keys")
    public Response createKey(@Context HttpServerRequest http, @FormParam("type") String type,
            @FormParam("csrf") String submitted) {
        return inSession(http, submitted, s -> keysPage(201, s, credentials.create(s.userId(), type), null));
    }

    @POST
    @Path("/api-keys/rotate")
    public Response rotateKey(@Context HttpServerRequest http, @FormParam("key") String key,
            @FormParam("csrf") String submitted) {
        return inSession(http, submitted, s -> keysPage(201, s, credentials.rotate(s.userId(), key), null));
    }

    @POST
    @Path("/api-keys/revoke")
    public Response revokeKey(@Context HttpServerRequest http, @FormParam("key") String key,
            @FormParam("csrf") String submitted) {
        return inSession(http, submitted, s -> {
            credentials.revoke(s.userId(), key);
            return keysPage(200, s, null, "Revoked " + key + ": it no longer works.");
        });
    }

    @GET
    @Path("/addons")
    public Response addonsPage(@Context HttpServerRequest http) {
        return web.current(http).map(s -> HtmlResponses.page(200, addons.data("page", page("My add-ons", s))
                .data("view", myAddons.of(s.userId())))).orElseGet(() -> HtmlResponses.seeOther("/developers/login"));
    }

    private Response keysPage(int status, SessionService.Session s, Credential created, String notice) {
        Page page = page("API credentials", s);
        TemplateInstance instance = apiKeys.data("page", notice == null ? page : page.withNotice(notice))
                .data("created", created).data("credentials", credentials.list(s.userId()));
        return HtmlResponses.page(status, instance);
    }

    /** Runs a form action of a logged-in user; a refusal is shown on the credentials page. */
    private Response inSession(HttpServerRequest http, String submitted,
            java.util.function.Function<SessionService.Session, Response> action) {
        Optional<SessionService.Session> session = web.current(http);
        if (session.isEmpty()) {
            return HtmlResponses.seeOther("/developers/login");
        }
        try {
            csrf.checkSession(http, session.get(), submitted);
            return action.apply(session.get());
        } catch (AmoException e) {
            Page page = page("API credentials", session.get()).withError(e.getMessage());
            return HtmlResponses.page(e.status(), apiKeys.data("page", page).data("created", null)
                    .data("credentials", credentials.list(session.get().userId())));
        }
    }

    private Page page(String title, SessionService.Session s) {
        return frames.of(title, s);
    }

    private static Page anonymous(String title, String token) {
        return new Page(title, null, token, null, null, false);
    }

    private NewCookie csrfCookie(String token, HttpServerRequest http) {
        return web.cookie(Csrf.COOKIE, token, 3600, http);
    }

    /** Field errors name their field: "Password: This password is too short...". */
    private static String label(AmoException e) {
        return switch (e.field()) {
            case "email" -> "Email: ";
            case "password" -> "Password: ";
            case "display_name" -> "Display name: ";
            default -> "";
        };
    }
}
