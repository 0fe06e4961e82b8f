package dev.signet.autograph.rest;

import static dev.signet.autograph.TestKeys.ALICE;
import static dev.signet.autograph.TestKeys.BOB;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.SignerTestResource;
import dev.signet.hawk.HawkCredentials;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} on /sign/*: one signature per (Hawk id, key); a retry gets the stored response. The
 * audit log is the witness of how many signatures were made (ECDSA signatures are randomized, so identical bytes
 * also prove nothing was signed again).
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
@WithTestResource(SignerTestResource.class)
class IdempotencyTest {

    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            audit.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void setUp() {
        HawkRequests.configure();
    }

    @BeforeEach
    void captureAudit() {
        Logger.getLogger("dev.signet.autograph.audit").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("dev.signet.autograph.audit").removeHandler(capture);
    }

    static Response post(HawkCredentials who, String key, byte[] body) {
        return HawkRequests.signed(who, "POST", "/sign/data", "application/json", body).header("Idempotency-Key", key)
                .post("/sign/data");
    }

    long lines(String prefix, String who) {
        return audit.stream().filter(l -> l.startsWith(prefix) && l.contains("user_id=" + who + " ")).count();
    }

    @Test
    void theSameKeyTwiceSignsOnceAndReplaysTheStoredResponse() {
        String key = UUID.randomUUID().toString();
        byte[] body = BodyLimitsTest.dataRequest(64, 10);
        Response first = post(ALICE, key, body);
        first.then().statusCode(201);
        assertNull(first.header("Idempotent-Replayed"));
        Response again = post(ALICE, key, body);
        again.then().statusCode(201).header("Idempotent-Replayed", equalTo("true"));
        assertArrayEquals(first.asByteArray(), again.asByteArray(), "the stored response, byte for byte");
        assertEquals(1, lines("signed ", "alice"));
        assertEquals(1, lines("replayed ", "alice"));

        // The scope is the Hawk id: bob's request with the same key is his own.
        post(BOB, key, body).then().statusCode(201).header("Idempotent-Replayed", (String) null);
    }

    @Test
    void aLargeSpooledBodyIsReplayedToo() {
        String key = UUID.randomUUID().toString();
        byte[] body = BodyLimitsTest.dataRequest(3 * LimitsProfile.IN_MEMORY_MAX, 11);
        byte[] first = post(ALICE, key, body).then().statusCode(201).extract().asByteArray();
        byte[] again = post(ALICE, key, body).then().statusCode(201).header("Idempotent-Replayed", "true")
                .extract().asByteArray();
        assertArrayEquals(first, again);
        assertEquals(1, lines("signed ", "alice"));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        post(ALICE, key, BodyLimitsTest.dataRequest(64, 12)).then().statusCode(201);
        post(ALICE, key, BodyLimitsTest.dataRequest(64, 13)).then().statusCode(422)
                .body("error", equalTo("this Idempotency-Key was already used with a different request body"))
                .body("request_id", notNullValue());
        assertEquals(1, lines("signed ", "alice"));
    }

    @Test
    void invalidKeysAre400() {
        byte[] body = BodyLimitsTest.dataRequest(64, 14);
        post(ALICE, "x".repeat(256), body).then().statusCode(400);
        post(ALICE, "tab\there", body).then().statusCode(400);
        assertEquals(0, lines("signed ", "alice"));
    }

    @Test
    void concurrentRequestsWithOneKeySignExactlyOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        byte[] body = BodyLimitsTest.dataRequest(64, 15);
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return post(ALICE, key, body);
            }));
        }
        start.countDown();
        int fresh = 0;
        int replayed = 0;
        int inProgress = 0;
        for (Future<Response> f : futures) {
            Response r = f.get();
            if (r.statusCode() == 409) {
                assertEquals("a request with this Idempotency-Key is still in progress", r.path("error"));
                inProgress++;
            } else {
                assertEquals(201, r.statusCode(), r.asString());
                if ("true".equals(r.header("Idempotent-Replayed"))) {
                    replayed++;
                } else {
                    fresh++;
                }
            }
        }
        pool.shutdown();
        assertEquals(1, fresh, "exactly one request signed");
        assertEquals(n - 1, replayed + inProgress);
        assertEquals(1, lines("signed ", "alice"));
        assertTrue(post(ALICE, key, body).statusCode() == 201);
        assertEquals(1, lines("signed ", "alice"), "a later retry is a replay");
    }
}
