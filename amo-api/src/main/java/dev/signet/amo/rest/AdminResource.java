package dev.signet.amo.rest;

import dev.signet.amo.account.AccountService;
import dev.signet.amo.account.AccountView;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * Operator API for developer accounts and API keys ({@code ./signet apikey ...} wraps it). Guarded by a bearer
 * token from config; without one configured the whole API answers 404. The secret is shown once, at creation.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@JsonLines
public class AdminResource {

    private final ApiKeyService keys;
    private final AccountService accounts;
    private final AmoConfig config;

    public AdminResource(ApiKeyService keys, AccountService accounts, AmoConfig config) {
        this.keys = keys;
        this.accounts = accounts;
        this.config = config;
    }

    /** An account that can log in ({@code password} omitted = API keys only), with its roles. */
    @POST
    @Path("/accounts")
    public Response createAccount(@HeaderParam("Authorization") String authorization, Map<String, Object> body) {
        authorize(authorization);
        Map<String, Object> b = body == null ? Map.of() : body;
        AccountView created = accounts.create(JsonFields.text(b, "email"), JsonFields.text(b, "password"),
                JsonFields.text(b, "display_name"),
                roles(b.getOrDefault("roles", List.of("developer"))));
        return Response.status(201).entity(created).build();
    }

    /** Sets the account's roles to exactly the given ones. */
    @PUT
    @Path("/accounts/{id}/roles")
    public AccountView setRoles(@HeaderParam("Authorization") String authorization, @PathParam("id") long userId,
            Map<String, Object> body) {
        authorize(authorization);
        return accounts.setRoles(userId, roles(body == null ? null : body.get("roles")))
                .orElseThrow(() -> AmoException.notFound("No such account."));
    }

    private static List<String> roles(Object value) {
        if (!(value instanceof List<?> list) || list.stream().anyMatch(r -> !(r instanceof String))) {
            throw AmoException.field(400, "roles", "A list of role names is required.");
        }
        return list.stream().map(String.class::cast).toList();
    }


    /** A developer with a first API key. */
    @POST
    @Path("/users")
    public Response createUser(@HeaderParam("Authorization") String authorization, Map<String, String> body) {
        authorize(authorization);
        String name = body == null ? null : body.get("name");
        if (name == null || name.isBlank() || name.length() > 200) {
            throw AmoException.badRequest("\"name\" is required (1-200 characters).");
        }
        return Response.status(201).entity(credentials(keys.createUserWithKey(name.strip()))).build();
    }

    /** A new key for the user; the previous one stops working. */
    @POST
    @Path("/users/{id}/keys")
    public Response rotate(@HeaderParam("Authorization") String authorization, @PathParam("id") long userId) {
        authorize(authorization);
        return keys.rotate(userId).map(c -> Response.status(201).entity(credentials(c)).build())
                .orElseThrow(() -> AmoException.notFound("No such user."));
    }

    @DELETE
    @Path("/keys/{key}")
    public Response revoke(@HeaderParam("Authorization") String authorization, @PathParam("key") String key) {
        authorize(authorization);
        if (!keys.revoke(key)) {
            throw AmoException.notFound("No active key " + key + ".");
        }
        return Response.noContent().build();
    }

    private static Map<String, Object> credentials(ApiKeyService.Credentials c) {
        return Map.of("user_id", c.userId(), "key", c.jwtIssuer(), "secret", c.secret());
    }

    private void authorize(String authorization) {
        String token = config.adminToken().filter(t -> !t.isBlank()).orElseThrow(NotFoundException::new);
        String expected = "Bearer " + token;
        if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8))) {
            throw AmoException.unauthorized("Invalid admin token.", "admin");
        }
    }
}
