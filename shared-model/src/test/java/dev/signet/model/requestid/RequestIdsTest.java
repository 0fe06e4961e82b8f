package dev.signet.model.requestid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void aShortTokenOfSafeCharactersIsKept() {
        assertEquals("ci-build_42.7", RequestIds.orNew("ci-build_42.7"));
        assertEquals(Optional.of("a".repeat(64)), RequestIds.valid("a".repeat(64)));
    }

    @Test
    void anythingElseIsReplacedByAFreshId() {
        for (String bad : new String[] {null, "", "a".repeat(65), "two words", "line\nbreak", "x\r\ny", "ü",
                "id;drop", "{\"json\":1}", "%0a"}) {
            assertEquals(Optional.empty(), RequestIds.valid(bad), String.valueOf(bad));
            String replaced = RequestIds.orNew(bad);
            assertNotEquals(bad, replaced);
            assertTrue(RequestIds.valid(replaced).isPresent(), replaced);
        }
    }

    @Test
    void generatedIdsAreValidAndDistinct() {
        String a = RequestIds.generate();
        assertTrue(RequestIds.valid(a).isPresent(), a);
        assertNotEquals(a, RequestIds.generate());
    }
}
