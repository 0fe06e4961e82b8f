package dev.signet.amo.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.rest.JsonFields;
import dev.signet.amo.rest.JsonLines;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The Marketplace account API: {@code /api/v2/account/login/} and {@code logout/}, plus {@code signup/}. The
 * historic login took a Persona assertion; Persona is gone, so it takes the account's email and password, as JSON
 * or as a form, and answers in the Marketplace's shape.
 */
@Path("/api/v2/account")
@Produces(MediaType.APPLICATION_JSON)
@JsonLines
public class AccountResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccountService accounts;
    private final SessionService sessions;

    public AccountResource(AccountService accounts, SessionService sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @POST
    @Path("/signup")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signUp(Map<String, Object> body) {
        Map<String, Object> b = body == null ? Map.of() : body;
        AccountView created = accounts.signUp(JsonFields.text(b, "email"), JsonFields.text(b, "password"),
                JsonFields.text(b, "display_name"));
        return Response.status(201).entity(Map.of("id", created.id(), "email", created.settings().email(),
                "display_name", created.settings().displayName())).build();
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response logInJson(Map<String, Object> body, @Context HttpServerRequest http) {
        Map<String, Object> b = body == null ? Map.of() : body;
        return logIn(JsonFields.text(b, "email"), JsonFields.text(b, "password"), http);
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logInForm(MultivaluedMap<String, String> form, @Context HttpServerRequest http) {
        return logIn(form.getFirst("email"), form.getFirst("password"), http);
    }

    /** The token as {@code _user} in the query, or in a JSON or form body: 204, and the token is dead. */
    @DELETE
    @Path("/logout")
    public Response logOut(@QueryParam("_user") String query, @Context HttpServerRequest http, byte[] body) {
        String token = query != null ? query : tokenInBody(http.getHeader("Content-Type"), body);
        if (token == null) {
            throw AmoException.unauthorized("Authentication credentials were not provided.", "api");
        }
        if (!sessions.close(token, Instant.now())) {
            throw AmoException.unauthorized("Invalid or expired session token.", "api");
        }
        return Response.noContent().build();
    }

    private Response logIn(String email, String password, HttpServerRequest http) {
        AccountService.Login login = accounts.logIn(email, password, ClientIp.of(http));
        Map<String, Object> answer = new HashMap<>();
        answer.put("error", null);
        answer.put("token", login.token());
        answer.put("settings", login.account().settings());
        answer.put("permissions", login.account().permissions());
        return Response.status(201).entity(answer).header("Cache-Control", "no-store").build();
    }


    private static String tokenInBody(String contentType, byte[] body) {
        if (body == null || body.length == 0 || contentType == null) {
            return null;
        }
        if (contentType.startsWith(MediaType.APPLICATION_JSON)) {
            try {
                JsonNode token = JSON.readTree(body).path("_user");
                return token.isTextual() ? token.asText() : null;
            } catch (IOException e) {
                throw AmoException.detail(400, "Malformed JSON in request body.");
            }
        }
        if (contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            return dev.signet.amo.auth.oauth.FormEncoding.parse(new String(body, java.nio.charset.StandardCharsets
                    .US_ASCII)).stream().filter(p -> p.getKey().equals("_user")).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        return null;
    }
}
