package dev.signet.worker.validation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small XPIs for tests, from fixtures under {@code src/test/resources/xpi} or from literal content. */
public final class TestXpi {

    private final List<Map.Entry<String, byte[]>> entries = new ArrayList<>();

    public static TestXpi create() {
        return new TestXpi();
    }

    /** Every file of the fixture directory {@code xpi/<fixture>/} at the root of the archive. */
    public static TestXpi fixture(String fixture, String... files) {
        TestXpi xpi = new TestXpi();
        for (String file : files) {
            xpi.add(file, resource("xpi/" + fixture + "/" + file));
        }
        return xpi;
    }

    public TestXpi add(String name, byte[] content) {
        entries.add(Map.entry(name, content));
        return this;
    }

    public TestXpi add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public Path write(Path dir) {
        return write(dir, bytes());
    }

    public static Path write(Path dir, byte[] bytes) {
        try {
            return Files.write(Files.createTempFile(dir, "test-", ".xpi"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] resource(String path) {
        try (InputStream in = TestXpi.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces every occurrence of {@code from} by {@code to} (same length), e.g. to forge duplicate names. */
    public static byte[] patch(byte[] zip, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        if (a.length != b.length) {
            throw new IllegalArgumentException("patch must keep the length");
        }
        byte[] out = zip.clone();
        for (int i = 0; i + a.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, out, i, b.length);
            }
        }
        return out;
    }
}
