package dev.signet.jsonbase64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Base64JsonStringTest {

    @TempDir
    Path dir;

    @Test
    void writesWhatTheJdksCodecWritesAndReadsItBackAtEverySize() throws IOException {
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 2, 3, 4, 5, 65_535, 65_536, 65_537, 98_303, 1 << 20}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path file = Files.write(dir.resolve("in-" + size), data);

            ByteArrayOutputStream json = new ByteArrayOutputStream();
            json.write("[{\"a\":1,\"input\":".getBytes(StandardCharsets.US_ASCII));
            Base64JsonString.write(file, json);
            json.write(",\"b\":\"x\"}]".getBytes(StandardCharsets.US_ASCII));
            String text = json.toString(StandardCharsets.US_ASCII);
            int quote = text.indexOf("\"input\":") + "\"input\":".length();
            assertEquals("\"" + Base64.getEncoder().encodeToString(data) + "\"",
                    text.substring(quote, text.indexOf(",\"b\"")), "size " + size);

            Path doc = Files.write(dir.resolve("doc-" + size), json.toByteArray());
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            assertEquals(size, Base64JsonString.decode(doc, quote, decoded));
            assertArrayEquals(data, decoded.toByteArray(), "size " + size);
        }
    }

    @Test
    void anEscapedSlashIsASlash() throws IOException {
        byte[] data = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfb, (byte) 0xff};
        String b64 = Base64.getEncoder().encodeToString(data);
        assertTrue(b64.contains("/"), b64);
        assertArrayEquals(data, decode("{\"f\":\"" + b64.replace("/", "\\/") + "\"}", 5));
    }

    @Test
    void whatIsNotOneBase64TextIsRefusedWithoutItsData() {
        assertRefused("{\"f\":\"QUJD*\"}", 5, "Illegal base64 character");
        assertRefused("{\"f\":\"QU\\nJD\"}", 5, "escape \\n");
        assertRefused("{\"f\":\"QUJD", 5, "unterminated string");
        assertRefused("{\"f\":\"QU\tJD\"}", 5, "Illegal base64 character 9");
        assertRefused("{\"f\":12}", 5, "not a string");
        // The array decoder refuses it itself when padding and data share a block; across blocks, this code does.
        assertRefused("{\"f\":\"QUJDRA==QUJD\"}", 5, "");
    }

    private byte[] decode(String json, long offset) throws IOException {
        Path doc = Files.writeString(dir.resolve("doc.json"), json, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64JsonString.decode(doc, offset, out);
        return out.toByteArray();
    }

    private void assertRefused(String json, long offset, String reason) {
        InvalidBase64Exception e = assertThrows(InvalidBase64Exception.class, () -> decode(json, offset), json);
        assertTrue(e.getMessage() != null && e.getMessage().contains(reason), e.getMessage());
    }
}
