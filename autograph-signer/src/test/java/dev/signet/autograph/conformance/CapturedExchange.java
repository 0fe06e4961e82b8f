package dev.signet.autograph.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a captured HTTP/1.1 request exactly as captured (its Host header included, which Hawk signs) and reads the
 * answer, with a Content-Length or a chunked body.
 */
final class CapturedExchange {

    record Reply(int status, Map<String, String> headers, String body) {
    }

    private CapturedExchange() {
    }

    static Reply replay(byte[] request, int port) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String[] head = readLine(in, true).split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        head[i].substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int size; (size = Integer.parseInt(readLine(in, false).trim(), 16)) > 0;) {
                    out.write(in.readNBytes(size));
                    readLine(in, false);
                }
                body = out.toByteArray();
            } else {
                body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** The body of a captured request (after the empty line). */
    static byte[] body(byte[] request) {
        for (int i = 0; i + 3 < request.length; i++) {
            if (request[i] == '\r' && request[i + 1] == '\n' && request[i + 2] == '\r' && request[i + 3] == '\n') {
                return Arrays.copyOfRange(request, i + 4, request.length);
            }
        }
        throw new IllegalArgumentException("no end of headers in the capture");
    }

    /** A line ending in CRLF, or with {@code head} the whole header block ending in CRLFCRLF. */
    private static String readLine(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String end = head ? "\r\n\r\n" : "\r\n";
        while (!out.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + out.size() + " bytes");
            }
            out.write(b);
        }
        String s = out.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - end.length());
    }
}
