package dev.signet.autograph.rest;

import static io.restassured.RestAssured.given;

import dev.signet.hawk.HawkClient;
import dev.signet.hawk.HawkCredentials;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Rest-assured requests signed with {@link HawkClient}, exactly as the validator-worker signs them. */
final class HawkRequests {

    private HawkRequests() {
    }

    static void configure() {
        // Send the Content-Type as given, without rest-assured's default charset suffix.
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
    }

    static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }

    static String header(HawkCredentials c, String method, String path, String contentType, byte[] body) {
        return HawkClient.header(c, method, uri(path), contentType, body);
    }

    static RequestSpecification signed(HawkCredentials c, String method, String path, String contentType,
            byte[] body) {
        return given().header("Authorization", header(c, method, path, contentType, body))
                .contentType(contentType).body(body);
    }

    static Response post(HawkCredentials c, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return signed(c, "POST", path, "application/json", body).post(path);
    }

    static Response get(HawkCredentials c, String path) {
        return given().header("Authorization", header(c, "GET", path, "application/json", new byte[0]))
                .contentType("application/json").get(path);
    }
}
