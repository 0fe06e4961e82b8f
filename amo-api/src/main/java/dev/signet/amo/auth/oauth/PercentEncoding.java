package dev.signet.amo.auth.oauth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 5849 §3.6 percent-encoding. It differs from {@link java.net.URLEncoder} (which writes a space as {@code +} and
 * leaves {@code *} alone), and the signature base string must be byte-exact, so it is spelled out here.
 */
public final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes {@code %XX} escapes (either case) as UTF-8; every other character stands for itself, {@code +}
     * included. A truncated or non-hex escape, or bytes that are not UTF-8, throw {@link IllegalArgumentException}:
     * guessing would let two different requests share one signature base string.
     */
    public static String decode(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            int escape = encoded.indexOf('%', i);
            if (escape < 0) {
                escape = encoded.length();
            }
            bytes.writeBytes(encoded.substring(i, escape).getBytes(StandardCharsets.UTF_8));
            if (escape == encoded.length()) {
                break;
            }
            if (escape + 2 >= encoded.length()) {
                throw new IllegalArgumentException("truncated percent-escape at index " + escape);
            }
            int hi = hexValue(encoded.charAt(escape + 1));
            int lo = hexValue(encoded.charAt(escape + 2));
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("malformed percent-escape at index " + escape);
            }
            bytes.write(hi << 4 | lo);
            i = escape + 3;
        }
        return strictUtf8(bytes.toByteArray());
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-escapes do not decode as UTF-8", e);
        }
    }

    /** ASCII hex only: {@link Character#digit} would also accept other scripts' digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static boolean isUnreserved(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
