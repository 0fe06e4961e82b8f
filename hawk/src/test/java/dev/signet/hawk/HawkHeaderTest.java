package dev.signet.hawk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HawkHeaderTest {

    @Test
    void parsesAllAttributes() {
        HawkHeader h = HawkHeader.parse("hawk id=\"a\", ts=\"1\",nonce=\"n\" , hash=\"h=\", ext=\"x y\", mac=\"m\", "
                + "app=\"p\", dlg=\"d\"");
        assertEquals(new HawkHeader("a", "1", "n", "h=", "x y", "m", "p", "d"), h);
    }

    @Test
    void optionalAttributesMayBeAbsent() {
        HawkHeader h = HawkHeader.parse("Hawk id=\"a\", ts=\"1\", nonce=\"n\", mac=\"m\"");
        assertNull(h.hash());
        assertNull(h.ext());
        assertEquals("Hawk id=\"a\", ts=\"1\", nonce=\"n\", mac=\"m\"", h.toHeaderValue());
    }

    @Test
    void rejectsMalformedHeaders() {
        for (String bad : new String[] {"", "Basic abc", "Hawk", "Hawk ", "Hawk id=a", "Hawk id=\"a\" ts=\"1\"",
                "Hawk id=\"a\", id=\"b\"", "Hawk foo=\"a\"", "Hawk id=\"a\\\"b\"", "Hawk id=\"a", "Hawk =\"a\"",
                "Hawk id=\"" + "x".repeat(HawkHeader.MAX_LENGTH) + "\"", "Hawk id=\"a\u00e9\""}) {
            assertThrows(HawkException.class, () -> HawkHeader.parse(bad), bad);
        }
    }
}
