package dev.signet.amo.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The developer hub's forms over plain HTTP, as a browser without JavaScript posts them: cookies, CSRF, redirects,
 * and errors in words. DevHubBrowserE2ETest drives the same pages in a real Chromium.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class DevHubIT {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String PASSWORD = "a long enough password";

    String email;

    @BeforeEach
    void address() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        email = "hub-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void signUpCreatesAKeyShownOnceAndLogOutEndsTheSession() {
        Response form = given().redirects().follow(false).get("/developers/signup");
        form.then().statusCode(200).header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Frame-Options", "DENY").body(containsString("<label for=\"password\">"));
        String csrf = csrf(form.asString());
        Response created = given().redirects().follow(false).cookie("signet_csrf", form.getCookie("signet_csrf"))
                .formParam("email", email).formParam("display_name", "Hub <Dev>").formParam("password", PASSWORD)
                .formParam("csrf", csrf).post("/developers/signup");
        created.then().statusCode(303).header("Location", endsWith("/developers/api-keys"));
        String session = created.getCookie("signet_session");
        assertNotNull(session);
        String setCookie = created.getHeader("Set-Cookie");
        assertTrue(created.getHeaders().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("signet_session=")
                && c.contains("HttpOnly") && c.contains("SameSite=Lax")), setCookie);

        Response keys = given().cookie("signet_session", session).get("/developers/api-keys");
        keys.then().statusCode(200).body(containsString("Hub &lt;Dev&gt;")).body(not(containsString("Hub <Dev>")));
        String inSession = csrf(keys.asString());
        Response made = given().cookie("signet_session", session).formParam("type", "jwt")
                .formParam("csrf", inSession).post("/developers/api-keys");
        made.then().statusCode(201).header("Cache-Control", "no-store").body(containsString("shown only once"));
        Matcher secret = Pattern.compile("id=\"created-secret\">([0-9a-f]{64})<").matcher(made.asString());
        assertTrue(secret.find(), made.asString());
        given().cookie("signet_session", session).get("/developers/api-keys").then().statusCode(200)
                .body(not(containsString(secret.group(1))));

        given().cookie("signet_session", session).get("/developers/addons").then().statusCode(200)
                .body(containsString("No add-ons yet"));

        given().redirects().follow(false).cookie("signet_session", session).formParam("csrf", inSession)
                .post("/developers/logout").then().statusCode(303).header("Location", containsString("/login"));
        given().redirects().follow(false).cookie("signet_session", session).get("/developers/api-keys").then()
                .statusCode(303).header("Location", endsWith("/developers/login"));
        given().queryParam("_user", session).get("/api/v2/account/api-keys/").then().statusCode(401);
    }

    @Test
    void formsWithoutTheirTokenOrFromAnotherSiteAreRefusedInWords() {
        Response form = given().get("/developers/login");
        String cookie = form.getCookie("signet_csrf");
        given().cookie("signet_csrf", cookie).formParam("email", email).formParam("password", PASSWORD)
                .post("/developers/login").then().statusCode(403).contentType(containsString("text/html"))
                .body(containsString("The form has expired or came from another site"));
        given().cookie("signet_csrf", cookie).header("Origin", "https://evil.example").formParam("email", email)
                .formParam("password", PASSWORD).formParam("csrf", csrf(form.asString())).post("/developers/login")
                .then().statusCode(403);

        Response signup = given().get("/developers/signup");
        given().redirects().follow(false).cookie("signet_csrf", signup.getCookie("signet_csrf"))
                .formParam("email", email).formParam("password", PASSWORD).formParam("csrf", csrf(signup.asString()))
                .post("/developers/signup").then().statusCode(303);
        Response login = given().get("/developers/login");
        Response in = given().redirects().follow(false).cookie("signet_csrf", login.getCookie("signet_csrf"))
                .formParam("email", email).formParam("password", PASSWORD).formParam("csrf", csrf(login.asString()))
                .post("/developers/login");
        in.then().statusCode(303).header("Location", endsWith("/developers/addons"));
        // A session's POST needs the session's own token: another session's, or none, does nothing.
        given().cookie("signet_session", in.getCookie("signet_session")).formParam("type", "jwt")
                .formParam("csrf", "forged").post("/developers/api-keys").then().statusCode(403)
                .body(containsString("The form has expired"));
    }

    @Test
    void wrongPasswordsAndBadSignUpsAreShownOnThePage() {
        Response login = given().get("/developers/login");
        given().cookie("signet_csrf", login.getCookie("signet_csrf")).formParam("email", email)
                .formParam("password", "not the password").formParam("csrf", csrf(login.asString()))
                .post("/developers/login").then().statusCode(401).body(containsString("Wrong email or password."))
                .body(containsString("value=\"" + email + "\""));
        Response signup = given().get("/developers/signup");
        given().cookie("signet_csrf", signup.getCookie("signet_csrf")).formParam("email", email)
                .formParam("password", "short").formParam("csrf", csrf(signup.asString()))
                .post("/developers/signup").then().statusCode(400)
                .body(containsString("Password: This password is too short"));
        given().redirects().follow(false).get("/developers/addons").then().statusCode(303);
        assertEquals(200, given().get("/developers/static/devhub.css").statusCode());
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), "no CSRF field in the page");
        return m.group(1);
    }
}
