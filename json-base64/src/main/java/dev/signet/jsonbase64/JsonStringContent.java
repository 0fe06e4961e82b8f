package dev.signet.jsonbase64;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The characters of a JSON string, read after its opening quote and ending at its closing quote. Base64 needs no
 * escapes, but JSON allows {@code \/} for {@code /} (some encoders write it), so that one is undone; any other
 * escape or a missing closing quote cannot be base64 and is an error (a control character is left to the decoder,
 * which refuses it). Buffered itself and copied in runs: a megabyte of base64 is a million characters.
 */
final class JsonStringContent extends InputStream {

    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private String view = "";
    private int special = -1;
    private boolean ended;

    JsonStringContent(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    /** Reads the opening quote (or whatever stands where it should); -1 at the end of the input. */
    int skipQuote() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos++] & 0xff;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (pos == limit && !fill()) {
            throw new InvalidBase64Exception("unterminated string");
        }
        // A run up to the next quote or backslash is copied at once. Control characters need no check here: they
        // are not base64, so the decoder refuses them.
        int end = Math.min(limit, pos + len);
        int i = Math.min(end, nextSpecial());
        int run = i - pos;
        System.arraycopy(buffer, pos, b, off, run);
        pos = i;
        if (i < end && buffer[i] == '"') {
            pos++;
            ended = true;
            return run == 0 ? -1 : run;
        }
        if (i < end && run == 0) {
            b[off] = unescape();
            return 1;
        }
        return run;
    }

    private byte unescape() throws IOException {
        pos++;
        if (pos == limit && !fill()) {
            throw new InvalidBase64Exception("unterminated string");
        }
        byte escaped = buffer[pos++];
        if (escaped == '/') {
            return '/';
        }
        throw new InvalidBase64Exception("escape \\" + (char) (escaped & 0xff) + " in base64 text");
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        pos = 0;
        limit = Math.max(0, n);
        view = n > 0 ? new String(buffer, 0, limit, StandardCharsets.ISO_8859_1) : "";
        special = -1;
        return n > 0;
    }

    /**
     * Where the next quote or backslash is in the buffer (limit if none). Found with String.indexOf on a Latin-1
     * copy of the buffer: the JDK searches that with vector instructions, where a byte loop here is one compare
     * per character, and a megabyte is a million of them.
     */
    private int nextSpecial() {
        if (special < pos) {
            int quote = view.indexOf('"', pos);
            int backslash = view.indexOf('\\', pos);
            special = Math.min(quote < 0 ? limit : quote, backslash < 0 ? limit : backslash);
        }
        return special;
    }
}
