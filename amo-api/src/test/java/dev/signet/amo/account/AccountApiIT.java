package dev.signet.amo.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.signet.amo.TestJwt;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The account API as the Marketplace documented it (login/logout with {@code _user}), sign-up, the caller's own API
 * credentials, and every way a session can be refused, against the real PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class AccountApiIT {

    private static final String ADMIN = "Bearer test-only-admin-token";
    private static final String PASSWORD = "correct horse battery";

    @Inject
    EntityManager em;

    String email;

    @BeforeEach
    void freshAddress() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        email = "dev-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void signUpThenLogInAnswersTheMarketplaceShape() {
        long id = signUp(email, PASSWORD, "Dev One");
        given().contentType(ContentType.JSON).body(Map.of("email", email.toUpperCase(), "password", PASSWORD))
                .post("/api/v2/account/login/").then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("error", nullValue())
                .body("token", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("settings.display_name", equalTo("Dev One"))
                .body("settings.email", equalTo(email))
                .body("settings.enable_recommendations", equalTo(true))
                .body("settings", hasKey("region"))
                .body("permissions.developer", equalTo(true))
                .body("permissions.reviewer", equalTo(false))
                .body("permissions.admin", equalTo(false))
                .body("permissions.localizer", equalTo(false))
                .body("permissions.lookup", equalTo(false));
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT password_hash FROM app_user WHERE id = ?1").setParameter(1, id).getSingleResult());
        assertEquals(true, stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
    }

    @Test
    void aFormLoginWorksToo() {
        signUp(email, PASSWORD, null);
        given().contentType(ContentType.URLENC).formParam("email", email).formParam("password", PASSWORD)
                .post("/api/v2/account/login/").then().statusCode(201).body("token", notNullValue())
                .body("settings.display_name", equalTo(email.substring(0, email.indexOf('@'))));
    }

    @Test
    void signUpRefusesBadInputFieldByField() {
        signUp(email, PASSWORD, null);
        given().contentType(ContentType.JSON).body(Map.of("email", email.toUpperCase(), "password", PASSWORD))
                .post("/api/v2/account/signup/").then().statusCode(400)
                .body("email[0]", containsString("already exists"));
        given().contentType(ContentType.JSON).body(Map.of("email", "not-an-address", "password", PASSWORD))
                .post("/api/v2/account/signup/").then().statusCode(400)
                .body("email[0]", equalTo("Enter a valid email address."));
        given().contentType(ContentType.JSON).body(Map.of("email", "x" + email, "password", "short"))
                .post("/api/v2/account/signup/").then().statusCode(400)
                .body("password[0]", containsString("at least 10 characters"));
        given().contentType(ContentType.JSON).body(Map.of("email", "y" + email, "password", "p".repeat(1025)))
                .post("/api/v2/account/signup/").then().statusCode(400)
                .body("password[0]", containsString("no more than 1024"));
        given().contentType(ContentType.JSON).body(Map.of("email", List.of(1), "password", PASSWORD))
                .post("/api/v2/account/signup/").then().statusCode(400).body("email[0]", equalTo("Not a valid string."));
        given().contentType(ContentType.JSON).body("{\"email\": ")
                .post("/api/v2/account/signup/").then().statusCode(400).body("detail", notNullValue());
    }

    @Test
    void wrongCredentialsAreRefusedAlikeWhetherOrNotTheAccountExists() {
        signUp(email, PASSWORD, null);
        String wrong = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "wrong password"))
                .post("/api/v2/account/login/").then().statusCode(401).body("error", notNullValue())
                .extract().asString();
        String unknown = given().contentType(ContentType.JSON)
                .body(Map.of("email", "nobody-" + email, "password", "wrong password"))
                .post("/api/v2/account/login/").then().statusCode(401).extract().asString();
        assertEquals(wrong, unknown);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/api/v2/account/login/")
                .then().statusCode(400).body("error", equalTo("Email and password are required."));
    }

    @Test
    void repeatedFailuresLockTheAccountOutForTheWindowEvenWithTheRightPassword() {
        signUp(email, PASSWORD, null);
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "guess number " + i))
                    .post("/api/v2/account/login/").then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/v2/account/login/").then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("error", containsString("Too many failed logins"));
    }

    @Test
    void theTokenAuthenticatesAmoRoutesAsUserAndLogoutKillsIt() {
        signUp(email, PASSWORD, null);
        String token = logIn(email, PASSWORD);
        given().queryParam("_user", token).get("/api/v5/addons/upload/").then().statusCode(200)
                .body("count", equalTo(0));
        given().queryParam("_user", token).get("/api/v2/account/api-keys/").then().statusCode(200);

        given().queryParam("_user", token).delete("/api/v2/account/logout/").then().statusCode(204);
        given().queryParam("_user", token).get("/api/v5/addons/upload/").then().statusCode(401)
                .body("detail", equalTo("Invalid or expired session token."));
        given().queryParam("_user", token).delete("/api/v2/account/logout/").then().statusCode(401);
    }

    @Test
    void logoutTakesTheTokenInTheBodyToo() {
        signUp(email, PASSWORD, null);
        String json = logIn(email, PASSWORD);
        given().contentType(ContentType.JSON).body(Map.of("_user", json)).delete("/api/v2/account/logout/")
                .then().statusCode(204);
        String form = logIn(email, PASSWORD);
        given().contentType(ContentType.URLENC).formParam("_user", form).delete("/api/v2/account/logout/")
                .then().statusCode(204);
        given().queryParam("_user", json).get("/api/v5/addons/upload/").then().statusCode(401);
        given().queryParam("_user", form).get("/api/v5/addons/upload/").then().statusCode(401);
        given().delete("/api/v2/account/logout/").then().statusCode(401);
    }

    @Test
    void expiredRevokedMalformedAndForeignTokensAreRefused() {
        long id = signUp(email, PASSWORD, null);
        String expired = logIn(email, PASSWORD);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE session_token SET expires_at = now() - interval '1 second' WHERE user_id = ?1")
                .setParameter(1, id).executeUpdate());
        given().queryParam("_user", expired).get("/api/v5/addons/upload/").then().statusCode(401);

        String revoked = logIn(email, PASSWORD);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE session_token SET revoked_at = now() WHERE user_id = ?1").setParameter(1, id).executeUpdate());
        given().queryParam("_user", revoked).get("/api/v5/addons/upload/").then().statusCode(401);

        for (String bad : List.of("", "x", "A".repeat(43) + "\u0000", "../../etc", "A".repeat(5000))) {
            given().queryParam("_user", bad).get("/api/v5/addons/upload/").then().statusCode(401)
                    .body("detail", equalTo("Invalid or expired session token."));
        }

        // Bob's token is Bob's: it sees none of Alice's credentials and cannot revoke them.
        String alice = logIn(email, PASSWORD);
        String aliceKey = given().queryParam("_user", alice).contentType(ContentType.JSON)
                .body(Map.of("type", "jwt")).post("/api/v2/account/api-keys/").then().statusCode(201)
                .extract().path("key");
        String bobEmail = "bob-" + email;
        signUp(bobEmail, PASSWORD, null);
        String bob = logIn(bobEmail, PASSWORD);
        given().queryParam("_user", bob).get("/api/v2/account/api-keys/").then().statusCode(200)
                .body("results.key", not(org.hamcrest.Matchers.hasItem(aliceKey)));
        given().queryParam("_user", bob).delete("/api/v2/account/api-keys/" + aliceKey + "/").then()
                .statusCode(404);
        given().queryParam("_user", alice).get("/api/v2/account/api-keys/").then()
                .body("results.find { it.key == '" + aliceKey + "' }.active", equalTo(true));
    }

    @Test
    void credentialsAreCreatedWithTheSecretShownOnceRotatedAndRevoked() {
        signUp(email, PASSWORD, null);
        String token = logIn(email, PASSWORD);
        Map<String, Object> first = given().queryParam("_user", token).contentType(ContentType.JSON)
                .body(Map.of("type", "jwt")).post("/api/v2/account/api-keys/").then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("type", equalTo("jwt")).body("key", matchesPattern("user:\\d+:\\d+"))
                .body("secret", matchesPattern("[0-9a-f]{64}")).extract().as(Map.class);
        String key = (String) first.get("key");
        String secret = (String) first.get("secret");
        given().header("Authorization", TestJwt.valid(key, secret)).get("/api/v5/addons/upload/").then()
                .statusCode(200);
        String listed = given().queryParam("_user", token).get("/api/v2/account/api-keys/").then().statusCode(200)
                .body("results[0].key", equalTo(key)).body("results[0].active", equalTo(true))
                .body("results[0]", not(hasKey("secret"))).extract().asString();
        assertEquals(false, listed.contains(secret));

        // A JWT key may manage its own account's credentials as well.
        Map<String, Object> rotated = given().header("Authorization", TestJwt.valid(key, secret))
                .post("/api/v2/account/api-keys/" + key + "/rotate/").then().statusCode(201)
                .extract().as(Map.class);
        assertNotEquals(key, rotated.get("key"));
        given().header("Authorization", TestJwt.valid(key, secret)).get("/api/v5/addons/upload/").then()
                .statusCode(401);
        String newKey = (String) rotated.get("key");
        String newSecret = (String) rotated.get("secret");
        given().header("Authorization", TestJwt.valid(newKey, newSecret)).get("/api/v5/addons/upload/").then()
                .statusCode(200);

        Map<String, Object> oauth = given().queryParam("_user", token).contentType(ContentType.JSON)
                .body(Map.of("type", "oauth")).post("/api/v2/account/api-keys/").then().statusCode(201)
                .body("key", matchesPattern("oauth:\\d+:[0-9a-f]{16}")).extract().as(Map.class);
        given().queryParam("_user", token).get("/api/v2/account/api-keys/").then()
                .body("results.findAll { it.active }.key", org.hamcrest.Matchers.containsInAnyOrder(newKey,
                        oauth.get("key")));

        given().queryParam("_user", token).delete("/api/v2/account/api-keys/" + newKey + "/").then()
                .statusCode(204);
        given().header("Authorization", TestJwt.valid(newKey, newSecret)).get("/api/v5/addons/upload/").then()
                .statusCode(401);
        given().queryParam("_user", token).delete("/api/v2/account/api-keys/" + newKey + "/").then()
                .statusCode(404);
        given().queryParam("_user", token).contentType(ContentType.JSON).body(Map.of("type", "magic"))
                .post("/api/v2/account/api-keys/").then().statusCode(400).body("type[0]", notNullValue());
    }

    @Test
    void twoRequestsAtOnceMakeOneAccountAndOneActiveJwtKey() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> signups = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                signups.add(pool.submit(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("email", email, "password", PASSWORD)).post("/api/v2/account/signup/")
                        .statusCode()));
            }
            List<Integer> codes = new java.util.ArrayList<>();
            for (var f : signups) {
                codes.add(f.get());
            }
            assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
            assertEquals(3, codes.stream().filter(c -> c == 400).count(), codes.toString());

            String token = logIn(email, PASSWORD);
            List<java.util.concurrent.Future<Integer>> keys = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                keys.add(pool.submit(() -> given().queryParam("_user", token).contentType(ContentType.JSON)
                        .body(Map.of("type", "jwt")).post("/api/v2/account/api-keys/").statusCode()));
            }
            for (var f : keys) {
                assertEquals(201, f.get());
            }
            List<Boolean> active = given().queryParam("_user", token).get("/api/v2/account/api-keys/").then()
                    .statusCode(200).extract().path("results.findAll { it.type == 'jwt' }.active");
            assertEquals(4, active.size());
            assertEquals(1, active.stream().filter(a -> a).count(), active.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSessionCookieIsNotAcceptedWhereStateChanges() {
        signUp(email, PASSWORD, null);
        String token = logIn(email, PASSWORD);
        given().cookie("signet_session", token).get("/api/v2/account/api-keys/").then().statusCode(200);
        given().cookie("signet_session", token).contentType(ContentType.JSON).body(Map.of("type", "jwt"))
                .post("/api/v2/account/api-keys/").then().statusCode(401);
    }

    @Test
    void anOperatorCreatesAccountsWithRoles() {
        Number id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "display_name", "Rev", "roles",
                        List.of("developer", "reviewer", "lookup")))
                .post("/admin/accounts").then().statusCode(201).body("permissions.reviewer", equalTo(true))
                .extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/v2/account/login/").then().statusCode(201)
                .body("permissions.reviewer", equalTo(true)).body("permissions.lookup", equalTo(true))
                .body("permissions.admin", equalTo(false));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("developer", "admin"))).put("/admin/accounts/" + id + "/roles")
                .then().statusCode(200).body("permissions.admin", equalTo(true))
                .body("permissions.reviewer", equalTo(false));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("superuser"))).put("/admin/accounts/" + id + "/roles")
                .then().statusCode(400).body("roles[0]", containsString("Unknown role"));
        given().contentType(ContentType.JSON).body(Map.of("email", "z" + email, "password", PASSWORD))
                .post("/admin/accounts").then().statusCode(401);
    }

    static long signUp(String email, String password, String name) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("email", email, "password", password));
        if (name != null) {
            body.put("display_name", name);
        }
        Number id = given().contentType(ContentType.JSON).body(body).post("/api/v2/account/signup/").then()
                .statusCode(201).body("email", equalTo(email)).extract().path("id");
        return id.longValue();
    }

    static String logIn(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/api/v2/account/login/").then().statusCode(201).extract().path("token");
    }
}
