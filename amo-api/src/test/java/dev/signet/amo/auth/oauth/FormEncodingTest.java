package dev.signet.amo.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormEncodingTest {

    @Test
    void pairsAreDecodedInOrderWithPlusAsSpace() {
        assertEquals(List.of(Map.entry("a3", "2 q"), Map.entry("c2", ""), Map.entry("b5", "=%3D"),
                        Map.entry("x", "+"), Map.entry("a3", "a"), Map.entry("c@", "")),
                FormEncoding.parse("a3=2+q&c2&b5=%3D%253D&x=%2B&a3=a&c%40="));
    }

    @Test
    void emptyPiecesCarryNoParameter() {
        assertEquals(List.of(), FormEncoding.parse(null));
        assertEquals(List.of(), FormEncoding.parse(""));
        assertEquals(List.of(Map.entry("a", "1"), Map.entry("b", "")), FormEncoding.parse("&a=1&&b=&"));
    }

    @Test
    void onlyTheFirstEqualsSignSplits() {
        assertEquals(List.of(Map.entry("a", "b=c")), FormEncoding.parse("a=b=c"));
    }

    @Test
    void malformedEscapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FormEncoding.parse("a=%zz"));
    }

    @Test
    void formContentTypeIsRecognisedWhateverItsCaseOrParameters() {
        assertTrue(FormEncoding.isFormContentType("application/x-www-form-urlencoded"));
        assertTrue(FormEncoding.isFormContentType("Application/X-WWW-Form-URLEncoded ; charset=UTF-8"));
        assertFalse(FormEncoding.isFormContentType("multipart/form-data; boundary=x"));
        assertFalse(FormEncoding.isFormContentType("application/json"));
        assertFalse(FormEncoding.isFormContentType(null));
    }
}
