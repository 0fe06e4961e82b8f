package dev.signet.amo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A multipart/form-data body as curl -F builds it, for clients without multipart support (threads, sockets). */
final class TestMultipart {

    static final String BOUNDARY = "signet-test-boundary-7d1f";
    static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private TestMultipart() {
    }

    static byte[] upload(byte[] xpi, String fileName, Map<String, String> fields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(body, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        write(body, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/x-xpinstall\r\n\r\n");
        body.writeBytes(xpi);
        write(body, "\r\n--" + BOUNDARY + "--\r\n");
        return body.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
