package dev.signet.autograph.hostile;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.signer.SignerException;
import dev.signet.testing.zip.RawZip;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile XPIs sent straight to the xpi signer (as {@code /sign/file} would, past the worker), in a fork with a
 * small heap (the {@code hostile-input} surefire execution): each is refused as bad input — answered 400 with the
 * message — or, where the archive is sound and its content merely odd, signed. Never another exception, a hang or
 * a heap blow-up. The signer does not parse content, so odd manifests are signed; the worker refuses them.
 */
class HostileXpiSigningTest {

    static final String MANIFEST = "{\"manifest_version\": 2, \"name\": \"Hostile\", \"version\": \"1.0.0\"}";
    /** Generous: a hang is minutes; the slowest case inflates and digests 1 GiB. */
    static final Duration BOUND = Duration.ofSeconds(180);

    static HostileSigner signer;

    @BeforeAll
    static void createSigner() {
        signer = HostileSigner.create();
    }

    @Test
    void bombBeyondTheUncompressedLimitIsRefused() {
        RawZip.Entry bomb = RawZip.Entry.zeros("data/zeros.bin", 1100);
        assertTrue(bomb.compressedSize() < 2 << 20, "the bomb is small");
        assertBadInputWith(bomb, "expands beyond the limit");
    }

    @Test
    void manySmallBombsAreRefusedByTheTotal() {
        RawZip zip = RawZip.create().add("manifest.json", MANIFEST);
        for (int i = 0; i < 1100; i++) {
            zip.add(RawZip.Entry.zeros("data/" + i + ".bin", 1));
        }
        assertBadInput(zip.bytes(), "expands beyond the limit");
    }

    @Test
    void bombThatLiesAboutItsSizeIsRefused() {
        RawZip.Entry bomb = RawZip.Entry.zeros("data/zeros.bin", 64).declaredSize(10).centralSize(10);
        assertBadInputWith(bomb, "data/zeros.bin");
    }

    @Test
    void nestedArchivesAreSignedAsOpaqueContent() throws IOException {
        byte[] inner = RawZip.create().add(RawZip.Entry.zeros("zeros.bin", 1024)).bytes();
        byte[] middle = RawZip.create().add(RawZip.Entry.stored("inner.zip", inner)).bytes();
        assertSigned(RawZip.create().add("manifest.json", MANIFEST).add(RawZip.Entry.stored("middle.zip", middle))
                .bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.js", "a/../../evil.js", "/etc/x", "C:/x", "c:x", "C:\\x", "a\\..\\b.js", "a\0.js",
            "./a.js", "a//b.js"})
    void unsafeNamesAreRefused(String name) {
        assertBadInput(RawZip.create().add("manifest.json", MANIFEST).add(name, "x").bytes(), "xpi: entry ");
    }

    @Test
    void duplicateNamesAreRefused() {
        assertBadInput(RawZip.create().add("manifest.json", MANIFEST).add("manifest.json", "{}").bytes(),
                "duplicate name");
    }

    @Test
    void invalidUtf8NameIsRefused() {
        RawZip.Entry bad = RawZip.Entry.deflated("x", new byte[1])
                .nameBytes(new byte[] {'a', (byte) 0xC3, (byte) 0x28, '.', 'j', 's'});
        assertBadInputWith(bad, "not valid UTF-8");
    }

    @Test
    void encryptedEntryIsRefused() {
        RawZip.Entry secret = RawZip.Entry.deflated("secret.js", new byte[64]).encrypted();
        assertBadInputWith(secret, "encrypted");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 12, 14, 93, 99})
    void unsupportedCompressionMethodIsRefused(int method) {
        RawZip.Entry odd = RawZip.Entry.deflated("odd.js", "alert(1)".getBytes(StandardCharsets.UTF_8)).method(method);
        assertBadInputWith(odd, "compression method");
    }

    @Test
    void zip64ArchiveIsSigned() throws IOException {
        assertSigned(RawZip.create().add(RawZip.Entry.deflated("manifest.json",
                MANIFEST.getBytes(StandardCharsets.UTF_8)).zip64()).add(RawZip.Entry.zeros("data/z.bin", 1).zip64())
                .bytes());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.5, 0.9, 0.99})
    void truncatedArchiveIsRefused(double keep) {
        byte[] zip = RawZip.create().add("manifest.json", MANIFEST).add("background.js", "console.log(1);".repeat(50))
                .bytes();
        assertBadInput(RawZip.truncate(zip, (int) (zip.length * keep)), "xpi: ");
    }

    @Test
    void centralDirectoryNamingAnotherFileIsJudgedByTheCentralName() {
        RawZip.Entry hidden = RawZip.Entry.deflated("innocent.txt", "alert(1)".getBytes(StandardCharsets.UTF_8))
                .centralName("../escape.js");
        assertBadInputWith(hidden, "path segments");
    }

    @Test
    void centralDirectoryWithAnotherCrcIsRefused() {
        assertBadInputWith(script("a.js").centralCrc(0x12345678L), "a.js");
    }

    @Test
    void centralDirectoryWithAnotherMethodIsRefused() {
        RawZip.Entry lie = RawZip.Entry.deflated("a.js", "alert(1);".repeat(20).getBytes(StandardCharsets.UTF_8))
                .centralMethod(RawZip.STORED);
        assertBadInputWith(lie, "a.js");
    }

    @Test
    void centralDirectoryPointingElsewhereIsRefused() {
        assertBadInputWith(script("a.js").centralOffsetShift(7), "xpi: ");
    }

    @Test
    void centralDirectoryPointingPastTheEndIsRefused() {
        assertBadInputWith(script("a.js").centralOffsetShift(100_000), "xpi: ");
    }

    @Test
    void hugeDeeplyNestedManifestIsSignedUnparsed() throws IOException {
        // 50 MiB of '[': the signer digests content without parsing it (the worker refuses such a manifest).
        byte[] chunk = "[".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        assertSigned(RawZip.create().add(RawZip.Entry.repeated("manifest.json", chunk, 50)).bytes());
    }

    @Test
    void invalidUtf8AndNulInContentAreSignedUnparsed() throws IOException {
        byte[] manifest = (MANIFEST + "\0").getBytes(StandardCharsets.UTF_8);
        manifest[3] = (byte) 0xFF;
        assertSigned(RawZip.create().add("manifest.json", manifest).bytes());
    }

    /** A sound manifest plus {@code entry} is refused as bad input. */
    private static void assertBadInputWith(RawZip.Entry entry, String expected) {
        assertBadInput(RawZip.create().add("manifest.json", MANIFEST).add(entry).bytes(), expected);
    }

    private static void assertBadInput(byte[] xpi, String expected) {
        SignerException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(SignerException.class, () -> signer.sign(xpi)));
        HostileSigner.assertBadInput(e);
        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in " + e.getMessage());
    }

    /** Signed, and the result is an archive with the PKCS#7 signature in it. */
    private static void assertSigned(byte[] xpi) throws IOException {
        byte[] signed = assertTimeoutPreemptively(BOUND, () -> signer.sign(xpi));
        boolean hasSignature = false;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(signed))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                hasSignature |= e.getName().equals("META-INF/mozilla.rsa");
            }
        }
        assertNotNull(signed);
        assertTrue(hasSignature, "signed archive lacks META-INF/mozilla.rsa");
    }

    /** A small deflated script entry, to forge headers around. */
    private static RawZip.Entry script(String name) {
        return RawZip.Entry.deflated(name, "alert(1)".getBytes(StandardCharsets.UTF_8));
    }
}
