package dev.signet.amo.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyHashTest {

    /** Base64 of SHA-1 of no bytes. */
    private static final String EMPTY = "2jmj7l5rSw0yVb/vlWAYkK/YBwk=";

    @Test
    void anAbsentOrEmptyBodyHashesAsTheEmptyString() {
        assertEquals(EMPTY, BodyHash.of(new byte[0]));
        assertEquals(EMPTY, BodyHash.of((byte[]) null));
    }

    @Test
    void theDraftsExampleBody() {
        // The oauth-bodyhash draft's example: the body "Hello World!".
        assertEquals("Lve95gjOVATpfV8EL5X4nxwjKHE=", BodyHash.of("Hello World!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theStreamingHashEqualsTheInMemoryOne() throws IOException {
        byte[] body = new byte[200_001];
        new Random(7).nextBytes(body);
        assertEquals(BodyHash.of(body), BodyHash.of(new ByteArrayInputStream(body)));
        assertEquals(EMPTY, BodyHash.of(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void matchesComparesTheClaimedHash() {
        byte[] body = "Hello World!".getBytes(StandardCharsets.UTF_8);
        assertTrue(BodyHash.matches("Lve95gjOVATpfV8EL5X4nxwjKHE=", body));
        assertFalse(BodyHash.matches("Lve95gjOVATpfV8EL5X4nxwjKHF=", body));
        assertFalse(BodyHash.matches(null, body));
    }
}
