package dev.signet.hawk.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.hawk.HawkException;
import dev.signet.hawk.HawkHeader;
import java.util.stream.Stream;

/**
 * The {@code Authorization: Hawk ...} parser on any string: it either returns a header whose every attribute is
 * made of Hawk value characters and renders back to the same attributes, or refuses with {@link HawkException}
 * and a {@code hawk:} message. Any other exception, or an accepted value a header could not carry, is a finding.
 */
class HawkHeaderFuzzTest {

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"Hawk ", "hawk ", "id=\"", "ts=\"", "nonce=\"", "hash=\"", "ext=\"", "mac=\"", "app=\"",
            "dlg=\"", "\", ", "\"", ",", " "})
    void parse(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        HawkHeader header;
        try {
            header = HawkHeader.parse(value);
        } catch (HawkException e) {
            assertTrue(e.getMessage().startsWith("hawk: "), e.getMessage());
            return;
        }
        assertTrue(value.length() <= HawkHeader.MAX_LENGTH);
        attributes(header).forEach(a -> assertTrue(a == null || a.chars().allMatch(HawkHeaderFuzzTest::isValueChar),
                () -> "accepted an attribute a header cannot carry: " + a));
        if (header.id() != null && header.ts() != null && header.nonce() != null && header.mac() != null) {
            HawkHeader again = HawkHeader.parse(header.toHeaderValue());
            assertEquals(header.id(), again.id());
            assertEquals(header.ts(), again.ts());
            assertEquals(header.nonce(), again.nonce());
            assertEquals(header.mac(), again.mac());
            assertEquals(emptyToNull(header.hash()), again.hash());
            assertEquals(emptyToNull(header.ext()), again.ext());
        }
    }

    private static Stream<String> attributes(HawkHeader h) {
        return Stream.of(h.id(), h.ts(), h.nonce(), h.hash(), h.ext(), h.mac(), h.app(), h.dlg());
    }

    private static boolean isValueChar(int c) {
        return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
