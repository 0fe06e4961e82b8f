package dev.signet.amo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what an HTTP client library will not send (raw braces in a path, a body
 * that stops half way) or would hide (an answer that arrives before the body was sent).
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;

    RawHttp(URL base) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(10_000);
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /**
     * Starts a multipart upload that announces {@code declaredLength} bytes and sends only its first 16 KiB:
     * an answer can then only come from a check made before the body.
     */
    void sendUploadStart(String requestLine, String authorization, long declaredLength) throws IOException {
        send(requestLine + " HTTP/1.1\r\nHost: localhost\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Type: " + TestMultipart.CONTENT_TYPE + "\r\n"
                + "Content-Length: " + declaredLength + "\r\n\r\n"
                + "--" + TestMultipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"upload\";"
                + " filename=\"big.xpi\"\r\n\r\n");
        send(new byte[16 * 1024]);
    }

    /** Everything the server sends until it closes the connection or goes quiet for the timeout. */
    Response readUntilClosed() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        boolean closed = true;
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            closed = false; // a keep-alive connection gone quiet: what arrived is the answer
        } catch (SocketException e) {
            // a reset after the answer: what arrived is the answer
        }
        return new Response(bytes.toString(StandardCharsets.UTF_8), closed);
    }

    /** Reads one response whose body has a Content-Length, leaving the connection open. */
    Response readOne() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Response(headers + new String(body, StandardCharsets.UTF_8), false);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** {@code closed}: the server closed the connection after answering. */
    record Response(String raw, boolean closed) {

        int status() {
            return raw.length() < 12 ? -1 : Integer.parseInt(raw.substring(9, 12));
        }

        String header(String name) {
            for (String line : head().split("\r\n")) {
                if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }

        String body() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? "" : raw.substring(end + 4);
        }

        private String head() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? raw : raw.substring(0, end);
        }
    }
}
