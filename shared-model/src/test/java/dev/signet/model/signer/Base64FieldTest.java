package dev.signet.model.signer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64FieldTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void writesStandardPaddedBase64AndReadsItBack() throws Exception {
        byte[] content = new byte[3 * 100_000 + 1]; // larger than Jackson's buffers, and needs padding
        new Random(7).nextBytes(content);
        SignatureRequest request = new SignatureRequest(content, "k", Map.of("id", "a@b"), null);
        String json = new String(mapper.writeValueAsBytes(request), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(json, mapper.writeValueAsString(request), "byte and character generators agree");
        String expected = Base64.getEncoder().encodeToString(content);
        assertTrue(json.startsWith("{\"input\":\"" + expected + "\",\"keyid\":\"k\""), json.substring(0, 40));
        assertTrue(expected.endsWith("=="));
        assertArrayEquals(content, mapper.readValue(json, SignatureRequest.class).input());
    }

    @Test
    void anEmptySignedFileIsLeftOutAndNullStaysNull() throws Exception {
        String json = mapper.writeValueAsString(new SignatureResponse("r", "t", "m", "s", "", null, new byte[0],
                null, null, null));
        assertFalse(json.contains("signed_file"), json);
        assertNull(mapper.readValue("{\"input\":null}", SignatureRequest.class).input());
    }

    @Test
    void whatIsNotBase64IsAnInvalidFormatForByteArrays() {
        for (String bad : new String[] {"!!!!", "QUJD\u00e9", "QUJDRA=x"}) {
            InvalidFormatException e = assertThrows(InvalidFormatException.class,
                    () -> mapper.readValue("{\"input\":\"" + bad + "\"}", SignatureRequest.class), bad);
            assertEquals(byte[].class, e.getTargetType());
            assertEquals("input", e.getPath().get(0).getFieldName());
        }
        assertThrows(MismatchedInputException.class,
                () -> mapper.readValue("{\"input\":42}", SignatureRequest.class));
    }
}
