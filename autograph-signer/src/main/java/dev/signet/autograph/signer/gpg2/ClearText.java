package dev.signet.autograph.signer.gpg2;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text side of OpenPGP cleartext signatures (RFC 4880 §7): removing an existing signature (so a signed file
 * is re-signed, never trusted), dash-escaping, and the canonical form that is hashed.
 */
final class ClearText {

    static final String BEGIN_SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----";
    static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

    private ClearText() {
    }

    /** Strict UTF-8 text without NUL; {@code what} names the file in errors. */
    static String decode(byte[] content, String what) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(what + ": contains a NUL byte, not a text file");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + ": not valid UTF-8 text");
        }
    }

    /**
     * The text's lines without line terminators. A final line terminator does not start another line: it is the
     * one before the signature armor, which is not signed.
     */
    static List<String> lines(String text) {
        String t = text.replace("\r\n", "\n");
        if (t.endsWith("\n")) {
            t = t.substring(0, t.length() - 1);
        }
        return List.of(t.split("\n", -1));
    }

    /** The signed body of a clear-signed message, dash-escaping undone; other text is returned as its lines. */
    static List<String> unsign(String text, String what) {
        List<String> lines = lines(text);
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i == lines.size() || !lines.get(i).strip().equals(BEGIN_SIGNED)) {
            return lines;
        }
        i++;
        while (i < lines.size() && !lines.get(i).isBlank()) {
            i++; // armor headers (Hash: ...)
        }
        i++;
        List<String> body = new ArrayList<>();
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.stripTrailing().equals(BEGIN_SIGNATURE)) {
                return body;
            }
            body.add(line.startsWith("- ") ? line.substring(2) : line);
        }
        throw new IllegalArgumentException(what + ": clear-signed message without a signature block");
    }

    /** The bytes that are hashed: trailing spaces and tabs removed, lines joined by CRLF, no final line end. */
    static byte[] canonical(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                b.append("\r\n");
            }
            b.append(stripTrailingBlanks(lines.get(i)));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The clear-signed message: header, dash-escaped lines, then the armored signature. */
    static String frame(List<String> lines, String hashName, String armoredSignature) {
        StringBuilder b = new StringBuilder(BEGIN_SIGNED).append("\nHash: ").append(hashName).append("\n\n");
        for (String line : lines) {
            b.append(line.startsWith("-") ? "- " : "").append(line).append('\n');
        }
        return b.append(armoredSignature).toString();
    }

    private static String stripTrailingBlanks(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }
}
