package dev.signet.amo.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentEncodingTest {

    @Test
    void unreservedCharactersAreKept() {
        String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        assertEquals(unreserved, PercentEncoding.encode(unreserved));
    }

    @Test
    void everythingElseIsEscapedInUppercaseHex() {
        assertEquals("%20", PercentEncoding.encode(" "), "a space is %20, never +");
        assertEquals("%2B%2A%2F%3D%26%25%40%21%27%28%29", PercentEncoding.encode("+*/=&%@!'()"));
        assertEquals("%0A%00%7F", PercentEncoding.encode("\n\0\u007f"));
        assertEquals("", PercentEncoding.encode(""));
    }

    @Test
    void nonAsciiIsEncodedAsUtf8() {
        assertEquals("caf%C3%A9", PercentEncoding.encode("café"));
        assertEquals("%E2%9C%93", PercentEncoding.encode("✓"));
        assertEquals("%F0%9F%98%80", PercentEncoding.encode("😀"));
    }

    @Test
    void decodingUndoesEncoding() {
        String text = "a b+c/d=é✓😀~%";
        assertEquals(text, PercentEncoding.decode(PercentEncoding.encode(text)));
    }

    @Test
    void decodingAcceptsEitherHexCaseAndKeepsPlus() {
        assertEquals("é", PercentEncoding.decode("%c3%a9"));
        assertEquals("é", PercentEncoding.decode("%C3%A9"));
        assertEquals("a+b", PercentEncoding.decode("a+b"), "+ is a space only in form encoding");
        assertEquals("r b", PercentEncoding.decode("r%20b"));
        assertEquals("=%3D", PercentEncoding.decode("%3D%253D"), "one level of decoding only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%2", "a%", "%zz", "%G0", "%0g", "% 1", "%\u0663\u0663", "%C3", "%FF", "%C3%28",
            "%ED%A0%80"})
    void malformedEscapesAreRefused(String malformed) {
        assertThrows(IllegalArgumentException.class, () -> PercentEncoding.decode(malformed));
    }
}
