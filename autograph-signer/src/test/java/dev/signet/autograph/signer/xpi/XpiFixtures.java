package dev.signet.autograph.signer.xpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** TEST-ONLY XPIs built from {@code src/test/resources/xpi/addon}, zip helpers and external verifier runs. */
public final class XpiFixtures {

    private XpiFixtures() {
    }

    /** The fixture add-on, plus extra entries (name → content; a name ending in "/" is a directory). */
    public static byte[] addon(Map<String, byte[]> extra) {
        try {
            Path root = Path.of(XpiFixtures.class.getResource("/xpi/addon").toURI());
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted().toList()) {
                    String name = root.relativize(p).toString().replace('\\', '/');
                    if (name.isEmpty()) {
                        continue;
                    }
                    files.put(Files.isDirectory(p) ? name + "/" : name, Files.isDirectory(p) ? null : Files.readAllBytes(p));
                }
            }
            files.putAll(extra);
            return zip(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() != null) {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Entries in archive order; directories map to null. */
    public static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), e.isDirectory() ? null : in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    record Result(int exitCode, String output) {
    }

    /**
     * Runs an external verifier. Missing tool: a failure with CI=true, otherwise the test is skipped.
     */
    static Result run(Path dir, String... command) {
        requireTool(command[0]);
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void requireTool(String tool) {
        boolean found = tool.contains("/") ? Files.isExecutable(Path.of(tool)) : onPath(tool);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(found, tool + " is required on CI but was not found on PATH");
        }
        assumeTrue(found, tool + " not installed; skipping its verification");
    }

    private static boolean onPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add(Path.of(System.getProperty("java.home"), "bin").toString());
        return dirs.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }

    /** jarsigner -strict exit bit (JDK docs): 32 = the signer is not an alias in the given keystore. */
    static final int JARSIGNER_ALIAS_NOT_IN_STORE = 32;

    /**
     * jarsigner on the XPI exactly as signed (it finds the lower-case mozilla.sf/mozilla.rsa by itself), with the test
     * root as its only trust anchor and -strict. It verifies the PKCS#7 signature, the chain, the per-entry sections
     * of mozilla.sf against the manifest and every entry against the manifest. The only flag left is 32: the
     * per-signature end-entity certificate is never a keystore alias.
     */
    public static void assertJarsignerVerifies(Path dir, Path jar, X509Certificate root, boolean expectValid)
            throws Exception {
        Path store = dir.resolve("trust.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", root);
        try (var out = Files.newOutputStream(store)) {
            ks.store(out, "changeit".toCharArray());
        }
        Result r = run(dir, jarsigner(), "-verify", "-strict", "-verbose", "-keystore", store.toString(),
                "-storepass", "changeit", jar.toString());
        if (expectValid) {
            assertEquals(JARSIGNER_ALIAS_NOT_IN_STORE, r.exitCode(), r.output());
            assertTrue(r.output().contains("jar verified"), r.output());
            assertFalse(r.output().contains("unsigned entries"), r.output());
            assertFalse(r.output().contains("chain is invalid") || r.output().contains("not validated"), r.output());
        } else {
            assertEquals(1, r.exitCode(), "jarsigner accepted a tampered XPI: " + r.output());
            assertTrue(r.output().contains("jarsigner: java.lang.SecurityException"), r.output());
        }
    }

    /**
     * Writes the fixture add-on plus {@code entries} stored (uncompressed) entries of random bytes: an add-on of
     * about {@code entries * entrySize} bytes that no compression shrinks, written as it is generated.
     */
    public static void largeAddon(Path target, int entries, int entrySize, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[entrySize];
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(target)))) {
            for (Map.Entry<String, byte[]> e : unzip(addon(Map.of())).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() != null) {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
            for (int i = 0; i < entries; i++) {
                random.nextBytes(block);
                CRC32 crc = new CRC32();
                crc.update(block);
                ZipEntry entry = new ZipEntry("data/blob-" + i + ".bin");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(entrySize);
                entry.setCompressedSize(entrySize);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(block);
                zip.closeEntry();
            }
        }
    }

    /** jarsigner from the running JDK when it has one, else from PATH. */
    static String jarsigner() {
        Path jdk = Path.of(System.getProperty("java.home"), "bin", "jarsigner");
        return Files.isExecutable(jdk) ? jdk.toString() : "jarsigner";
    }
}
