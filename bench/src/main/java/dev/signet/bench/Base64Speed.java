package dev.signet.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.signet.jsonbase64.Base64JsonString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A file in and out of an Autograph {@code /sign/file} JSON body, both ways, as the worker and the signer do it:
 * Jackson's streaming base64 ({@code writeBinary}/{@code readBinaryValue}, what they did before) against
 * {@link Base64JsonString} (the JDK's block codec), alternating in one JVM:
 * {@code java -cp $(cat bench/target/classpath.txt):bench/target/classes dev.signet.bench.Base64Speed [KB] [rounds]}.
 * Also reports the first round of each, which runs mostly interpreted: what a cold stack pays.
 */
public final class Base64Speed {

    private static final JsonFactory JSON = new JsonFactory();

    private Base64Speed() {
    }

    public static void main(String[] args) throws Exception {
        int kb = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("b64speed");
        byte[] data = new byte[kb * 1024];
        new Random(1).nextBytes(data);
        Path file = Files.write(dir.resolve("in.bin"), data);
        Path json = dir.resolve("body.json");
        Path out = dir.resolve("out.bin");
        long[] jackson = new long[2];
        long[] ours = new long[2];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            jacksonWrite(file, json);
            long t1 = System.nanoTime();
            jacksonRead(json, out);
            long t2 = System.nanoTime();
            oursWrite(file, json);
            long t3 = System.nanoTime();
            oursRead(json, out);
            long t4 = System.nanoTime();
            if (Files.size(out) != data.length) {
                throw new IllegalStateException("round trip lost bytes");
            }
            if (i == 0) {
                System.out.printf("first round (cold): jackson write %.1f ms read %.1f ms; ours write %.1f ms read %.1f ms%n",
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
            }
            if (i >= rounds / 2) {
                jackson[0] += t1 - t0;
                jackson[1] += t2 - t1;
                ours[0] += t3 - t2;
                ours[1] += t4 - t3;
            }
        }
        int n = rounds - rounds / 2;
        System.out.printf("%d KB, mean of the last %d rounds: jackson write %.2f ms read %.2f ms; ours write %.2f ms"
                + " read %.2f ms; ratio %.1fx%n", kb, n, jackson[0] / 1e6 / n, jackson[1] / 1e6 / n, ours[0] / 1e6 / n,
                ours[1] / 1e6 / n, (double) (jackson[0] + jackson[1]) / (ours[0] + ours[1]));
    }

    private static void jacksonWrite(Path file, Path json) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(json));
                JsonGenerator g = JSON.createGenerator(o, JsonEncoding.UTF8);
                InputStream in = Files.newInputStream(file)) {
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("input");
            g.writeBinary(in, (int) Files.size(file));
            g.writeStringField("keyid", "xpi");
            g.writeEndObject();
            g.writeEndArray();
        }
    }

    private static void oursWrite(Path file, Path json) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(json));
                JsonGenerator g = JSON.createGenerator(o, JsonEncoding.UTF8)) {
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("input");
            g.writeRawValue("");
            g.flush();
            Base64JsonString.write(file, o);
            g.writeStringField("keyid", "xpi");
            g.writeEndObject();
            g.writeEndArray();
        }
    }

    private static void jacksonRead(Path json, Path out) throws IOException {
        try (JsonParser p = JSON.createParser(json.toFile())) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.VALUE_STRING && "input".equals(p.currentName())) {
                    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out))) {
                        p.readBinaryValue(o);
                    }
                }
            }
        }
    }

    private static void oursRead(Path json, Path out) throws IOException {
        try (JsonParser p = JSON.createParser(json.toFile())) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.VALUE_STRING && "input".equals(p.currentName())) {
                    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out))) {
                        Base64JsonString.decode(json, p.currentTokenLocation().getByteOffset(), o);
                    }
                }
            }
        }
    }
}
