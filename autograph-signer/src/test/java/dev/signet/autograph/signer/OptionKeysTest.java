package dev.signet.autograph.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionKeysTest {

    @Test
    void matchesAsGoStructFieldsDo() {
        assertEquals("x", OptionKeys.get(Map.of("SigAlg", "x"), "sigalg"));
        // Go folds the Kelvin sign to K and the long s to S, so these are pkcs7_digest and cose_algorithms.
        assertEquals("k", OptionKeys.get(Map.of("p\u212Acs7_digest", "k"), "pkcs7_digest"));
        assertEquals("s", OptionKeys.get(Map.of("co\u017Fe_algorithms", "s"), "cose_algorithms"));
        assertNull(OptionKeys.get(Map.of("id_", "x"), "id"));
        assertNull(OptionKeys.get(null, "id"));
    }

    @Test
    void ofSeveralSpellingsTheLastInGoMarshalOrderWins() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("id", "lower");
        options.put("ID", "upper");
        assertEquals("lower", OptionKeys.get(options, "id"), "\"ID\" < \"id\": id is written last");
        Map<String, Object> nonAscii = new LinkedHashMap<>();
        nonAscii.put("p\u212Acs7_digest", "kelvin");
        nonAscii.put("pkcs7_digest", "ascii");
        assertEquals("kelvin", OptionKeys.get(nonAscii, "pkcs7_digest"), "U+212A sorts after 'k'");
    }
}
