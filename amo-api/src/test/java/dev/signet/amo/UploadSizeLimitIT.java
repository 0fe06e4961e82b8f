package dev.signet.amo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.amo.auth.ApiKeyService;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Uploads over {@code amo.upload.max-size} (3 MiB in the test profile) are refused with 413: with a JSON error
 * before the body is read when the client announced the size, by cutting the stream off when it did not.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class UploadSizeLimitIT {

    private static final String BOUNDARY = "limit-test-boundary";
    private static final int TOO_MANY_BYTES = 4 * 1024 * 1024;

    @TestHTTPResource("/")
    URL base;

    @Inject
    ApiKeyService keys;

    @Test
    void anAnnouncedOversizedUploadIs413WithAJsonError() throws Exception {
        String response = send(true);
        assertJson413(response);
    }

    @Test
    void aChunkedUploadThatGrowsTooLargeIsCutOffWith413AndAJsonError() throws Exception {
        assertJson413(send(false));
    }

    private static void assertJson413(String response) throws IOException {
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        String lower = response.toLowerCase();
        assertTrue(lower.contains("\r\ncontent-type: application/json\r\n"), response);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertEquals("The uploaded file is too large: the limit is 3 MiB.", error(body), response);
    }

    private static String error(String body) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("error").asText();
    }

    /** A raw PUT, so the test sees exactly what a client gets even when the server stops reading early. */
    private String send(boolean withLength) throws IOException {
        ApiKeyService.Credentials dev = keys.createUserWithKey("big-uploader");
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"big.xpi\"\r\n"
                + "Content-Type: application/x-xpinstall\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        long length = head.length() + (long) TOO_MANY_BYTES + tail.length();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String request = "PUT /api/v4/addons/big@example.com/versions/1.0/ HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Authorization: " + TestJwt.valid(dev.jwtIssuer(), dev.secret()) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                    + (withLength ? "Content-Length: " + length + "\r\n" : "Transfer-Encoding: chunked\r\n")
                    + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            try {
                byte[] chunk = new byte[64 * 1024];
                writePart(out, head.getBytes(StandardCharsets.US_ASCII), withLength);
                for (int sent = 0; sent < TOO_MANY_BYTES; sent += chunk.length) {
                    writePart(out, chunk, withLength);
                }
                writePart(out, tail.getBytes(StandardCharsets.US_ASCII), withLength);
                if (!withLength) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (SocketException e) {
                // The server answered and closed while we were still sending: read what it said.
            }
            return readResponse(socket.getInputStream());
        }
    }

    private static void writePart(OutputStream out, byte[] bytes, boolean withLength) throws IOException {
        if (!withLength) {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(bytes);
        if (!withLength) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // reset after the answer: what arrived is the answer
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
