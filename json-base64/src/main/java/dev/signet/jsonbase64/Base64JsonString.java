package dev.signet.jsonbase64;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;

/**
 * A file as a base64 JSON string, streamed both ways: the Autograph file API carries whole files that way
 * ({@code input}, {@code signed_file}). A JSON library's own streaming base64 goes character by character, and
 * was most of the worker's and the signer's CPU for a 1 MB add-on; the JDK's codec works on blocks. The JSON
 * around the string stays the caller's: it writes the field name, then this string into the same stream, and
 * when reading it notes where the string starts (its parser skips it without decoding) and decodes it from
 * there.
 */
public final class Base64JsonString {

    /** Characters per block: a multiple of 4 (and so its 3/4 a whole number of bytes). */
    private static final int BLOCK = 64 * 1024;

    private Base64JsonString() {
    }

    /** Writes {@code "<base64 of file>"} to {@code out} (standard alphabet, padded, no line breaks). */
    public static void write(Path file, OutputStream out) throws IOException {
        out.write('"');
        Base64.Encoder encoder = Base64.getEncoder();
        // Whole 3-byte groups per block, so only the last block is padded.
        byte[] raw = new byte[BLOCK / 4 * 3];
        byte[] encoded = new byte[BLOCK];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(raw, 0, raw.length)) > 0) {
                int len = encoder.encode(n == raw.length ? raw : Arrays.copyOf(raw, n), encoded);
                out.write(encoded, 0, len);
            }
        }
        out.write('"');
    }

    /**
     * Decodes the base64 JSON string whose opening quote is at byte {@code quoteOffset} of {@code json} into
     * {@code out}; returns the number of bytes decoded.
     *
     * @throws InvalidBase64Exception when the string is not one base64 text
     */
    public static long decode(Path json, long quoteOffset, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(json, StandardOpenOption.READ)) {
            channel.position(quoteOffset);
            JsonStringContent content = new JsonStringContent(Channels.newInputStream(channel), BLOCK);
            if (content.skipQuote() != '"') {
                throw new InvalidBase64Exception("not a string");
            }
            return decodeBlocks(content, out);
        }
    }

    /**
     * The JDK's array decoder, block by block (its stream decoder takes ~30 ms per MB here, the array one ~1 ms).
     * Every block but the last is full, and a full block is a whole number of 4-character groups, so each decodes
     * on its own; padding may only end the last.
     */
    private static long decodeBlocks(JsonStringContent content, OutputStream out) throws IOException {
        Base64.Decoder decoder = Base64.getDecoder();
        byte[] chars = new byte[BLOCK];
        byte[] decoded = new byte[BLOCK / 4 * 3];
        long total = 0;
        boolean padded = false;
        while (true) {
            int have = fill(content, chars);
            if (have == 0) {
                return total;
            }
            if (padded) {
                throw new InvalidBase64Exception("data after the padding");
            }
            try {
                int len = decoder.decode(have == chars.length ? chars : Arrays.copyOf(chars, have), decoded);
                out.write(decoded, 0, len);
                total += len;
            } catch (IllegalArgumentException e) {
                throw new InvalidBase64Exception(e.getMessage());
            }
            if (have < chars.length) {
                return total;
            }
            padded = chars[have - 1] == '=';
        }
    }

    private static int fill(InputStream in, byte[] buffer) throws IOException {
        int have = 0;
        int n;
        while (have < buffer.length && (n = in.read(buffer, have, buffer.length - have)) > 0) {
            have += n;
        }
        return have;
    }
}
