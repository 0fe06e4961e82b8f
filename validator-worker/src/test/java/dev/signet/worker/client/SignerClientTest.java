package dev.signet.worker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignerClientTest {

    @Test
    void acceptsUrlsWhosePortHawkAndTheServerAgreeOn() {
        assertEquals("http://127.0.0.1:8000", SignerClient.baseUri("http://127.0.0.1:8000/").toString());
        assertEquals("https://signer.internal", SignerClient.baseUri("https://signer.internal").toString());
        assertEquals("http://127.0.0.1:8000/prefix", SignerClient.baseUri("http://127.0.0.1:8000/prefix").toString());
    }

    @Test
    void refusesPlainHttpWithoutPort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignerClient.baseUri("http://127.0.0.1"));
        assertTrue(e.getMessage().startsWith("worker.signer.url:"), e.getMessage());
    }

    @Test
    void refusesNonHttpUrls() {
        assertThrows(IllegalArgumentException.class, () -> SignerClient.baseUri("ftp://127.0.0.1:21"));
        assertThrows(IllegalArgumentException.class, () -> SignerClient.baseUri("127.0.0.1:8000"));
    }
}
