package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slowloris-style clients (a request head sent half way, then silence) are disconnected by the idle timeout,
 * and a normal client is served while they hold their connections.
 */
@QuarkusTest
@TestProfile(IdleConnectionsIT.ShortIdleTimeout.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class IdleConnectionsIT {

    /** The production idle timeout is 60 s; the same mechanism with 3 s keeps the test short. */
    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "3s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void halfSentRequestHeadsAreClosedByTheIdleTimeoutWhileOthersAreServed() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                RawHttp connection = new RawHttp(base);
                connection.send("PUT /api/v4/addons/slow@example.com/versions/1.0/ HTTP/1.1\r\nHost: localhost\r\n"
                        + "X-Slow: a");
                slow.add(connection);
            }
            given().when().get("/q/health/live").then().statusCode(200);
            for (RawHttp connection : slow) {
                // The socket timeout is 10 s: closed means the server hung up within it, not the client.
                assertTrue(connection.readUntilClosed().closed(), "an idle half-sent request is closed");
            }
        } finally {
            for (RawHttp connection : slow) {
                connection.close();
            }
        }
    }
}
