package dev.signet.worker.hostile;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.model.jobs.Channel;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.zip.RawZip;
import dev.signet.worker.validation.ValidationLimits;
import dev.signet.worker.validation.ValidationTarget;
import dev.signet.worker.validation.XpiValidator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile uploads against the worker's validator with the AMO limits, in a fork with a small heap (the
 * {@code hostile-input} surefire execution): each ends in a failed validation with a message a developer
 * understands, or passes where the package is in fact fine — never an exception, an error, a hang or a heap
 * blow-up. Every archive is built here; none is a fixture.
 */
class HostileXpiTest {

    static final ValidationTarget TARGET = new ValidationTarget("hostile@signet.dev", "1.0.0", Channel.UNLISTED);
    static final String MANIFEST = "{\"manifest_version\": 2, \"name\": \"Hostile\", \"version\": \"1.0.0\","
            + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"hostile@signet.dev\"}}}";
    /** Generous: a hang is minutes; the slowest case here inflates a few hundred MiB. */
    static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final XpiValidator validator = new XpiValidator(ValidationLimits.AMO);

    @Test
    void gigabyteBombFromAMegabyteIsRefused() throws IOException {
        RawZip.Entry bomb = RawZip.Entry.zeros("data/zeros.bin", 1024);
        assertTrue(bomb.compressedSize() < 2 << 20, "the bomb is small on disk");
        Reports.assertRefused(validateWith(bomb), "ZIP_COMPRESSION_RATIO", "ZIP_ENTRY_TOO_LARGE");
    }

    @Test
    void bombThatLiesAboutItsSizeIsStillRefused() throws IOException {
        RawZip.Entry bomb = RawZip.Entry.zeros("data/zeros.bin", 1024).declaredSize(10).centralSize(10);
        Reports.assertRefused(validateWith(bomb), "ZIP_COMPRESSION_RATIO", "ZIP_ENTRY_TOO_LARGE");
    }

    @Test
    void manySmallBombsAreRefusedByTheTotal() throws IOException {
        RawZip zip = RawZip.create().add("manifest.json", MANIFEST);
        for (int i = 0; i < 300; i++) {
            // 1 MiB each: at the ratio check's threshold, so only the 250 MiB total can stop them.
            zip.add(RawZip.Entry.zeros("data/" + i + ".bin", 1));
        }
        Reports.assertRefused(validate(zip.bytes()), "ZIP_TOO_LARGE");
    }

    @Test
    void nestedArchivesAreOpaqueContent() throws IOException {
        byte[] inner = RawZip.create().add(RawZip.Entry.zeros("zeros.bin", 1024)).bytes();
        byte[] middle = RawZip.create().add(RawZip.Entry.stored("inner.zip", inner)).bytes();
        byte[] outer = RawZip.create().add("manifest.json", MANIFEST).add(RawZip.Entry.stored("middle.zip", middle))
                .bytes();
        Reports.assertPassed(validate(outer));
    }

    @Test
    void largeButLegalPackagePassesInASmallHeap() throws IOException {
        // 4 × 50 MiB at a ratio of about 80: inside every limit, and more than this fork's heap.
        byte[] chunk = new byte[1 << 20];
        fillRandom(chunk, 12 << 10);
        RawZip zip = RawZip.create().add("manifest.json", MANIFEST);
        for (int i = 0; i < 4; i++) {
            zip.add(RawZip.Entry.repeated("data/blob-" + i + ".bin", chunk, 50));
        }
        Reports.assertPassed(validate(zip.bytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.js", "a/../../evil.js", "/etc/x", "C:/x", "c:x", "C:\\x", "a\\..\\b.js"})
    void unsafeNamesAreRefused(String name) throws IOException {
        Reports.assertRefused(validate(RawZip.create().add("manifest.json", MANIFEST).add(name, "x").bytes()),
                "INVALID_XPI_ENTRY");
    }

    @Test
    void nulInANameIsRefused() throws IOException {
        Reports.assertRefused(validate(RawZip.create().add("manifest.json", MANIFEST).add("a\0.js", "x").bytes()),
                "INVALID_XPI_ENTRY");
    }

    @Test
    void duplicateNamesAreRefused() throws IOException {
        byte[] zip = RawZip.create().add("manifest.json", MANIFEST).add("a.js", "1").add("a.js", "2").bytes();
        Reports.assertRefused(validate(zip), "DUPLICATE_XPI_ENTRY");
    }

    @Test
    void duplicateManifestsAreRefused() throws IOException {
        byte[] zip = RawZip.create().add("manifest.json", MANIFEST)
                .add("manifest.json", MANIFEST.replace("1.0.0", "6.6.6")).bytes();
        Reports.assertRefused(validate(zip), "DUPLICATE_XPI_ENTRY");
    }

    @Test
    void invalidUtf8NameIsRefused() throws IOException {
        RawZip.Entry bad = RawZip.Entry.deflated("x", "x".getBytes(StandardCharsets.UTF_8))
                .nameBytes(new byte[] {'a', (byte) 0xC3, (byte) 0x28, '.', 'j', 's'});
        Reports.assertRefused(validateWith(bad), "BAD_ZIPFILE");
    }

    @Test
    void encryptedEntryIsRefused() throws IOException {
        RawZip.Entry secret = RawZip.Entry.deflated("secret.js", new byte[64]).encrypted();
        Reports.assertRefused(validateWith(secret), "BAD_ZIPFILE");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 12, 14, 93, 99})
    void unsupportedCompressionMethodIsRefused(int method) throws IOException {
        RawZip.Entry odd = RawZip.Entry.deflated("odd.js", "alert(1)".getBytes(StandardCharsets.UTF_8))
                .method(method);
        Reports.assertRefused(validateWith(odd), "BAD_ZIPFILE");
    }

    @Test
    void zip64ArchivePasses() throws IOException {
        byte[] zip = RawZip.create().add(RawZip.Entry.deflated("manifest.json",
                MANIFEST.getBytes(StandardCharsets.UTF_8)).zip64()).add(RawZip.Entry.zeros("data/z.bin", 1).zip64())
                .bytes();
        Reports.assertPassed(validate(zip));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.5, 0.9, 0.99})
    void truncatedArchiveIsRefused(double keep) throws IOException {
        byte[] zip = RawZip.create().add("manifest.json", MANIFEST).add("background.js", "console.log(1);".repeat(50))
                .bytes();
        Reports.assertRefused(validate(RawZip.truncate(zip, (int) (zip.length * keep))), "BAD_ZIPFILE");
    }

    @Test
    void archiveMissingItsLastByteIsRefused() throws IOException {
        byte[] zip = RawZip.create().add("manifest.json", MANIFEST).bytes();
        Reports.assertRefused(validate(RawZip.truncate(zip, zip.length - 1)), "BAD_ZIPFILE");
    }

    @Test
    void centralDirectoryNamingAnotherFileIsReadByTheCentralName() throws IOException {
        // Readers, Firefox included, go by the central directory; the validator must see what they see.
        RawZip.Entry hidden = RawZip.Entry.deflated("innocent.txt", "alert(1)".getBytes(StandardCharsets.UTF_8))
                .centralName("../escape.js");
        Reports.assertRefused(validateWith(hidden), "INVALID_XPI_ENTRY");
    }

    @Test
    void centralDirectoryWithAnotherCrcIsRefused() throws IOException {
        Reports.assertRefused(validateWith(script("a.js").centralCrc(0x12345678L)), "BAD_ZIPFILE");
    }

    @Test
    void centralDirectoryWithAnotherMethodIsRefused() throws IOException {
        RawZip.Entry lie = RawZip.Entry.deflated("a.js", "alert(1);".repeat(20).getBytes(StandardCharsets.UTF_8))
                .centralMethod(RawZip.STORED);
        Reports.assertRefused(validateWith(lie), "BAD_ZIPFILE");
    }

    @Test
    void centralDirectoryPointingElsewhereIsRefused() throws IOException {
        Reports.assertRefused(validateWith(script("a.js").centralOffsetShift(7)), "BAD_ZIPFILE");
    }

    @Test
    void centralDirectoryPointingPastTheEndIsRefused() throws IOException {
        Reports.assertRefused(validateWith(script("a.js").centralOffsetShift(100_000)), "BAD_ZIPFILE");
    }

    @Test
    void hugeManifestIsRefusedUnparsed() throws IOException {
        // 50 MiB of incompressible text: no ratio check can stop it, only the manifest size cap.
        Reports.assertRefused(validate(hugeManifest(HostileXpiTest::writeRandomText)), "FILE_TOO_LARGE");
    }

    @Test
    void compressibleHugeManifestIsRefused() throws IOException {
        Reports.assertRefused(validate(hugeManifest((out, length) -> {
            byte[] a = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < length >> 20; i++) {
                out.write(a);
            }
        })), "ZIP_COMPRESSION_RATIO");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "{\"a\":"})
    void deeplyNestedManifestLeavesTheVerdictToTheLinter(String opener) throws IOException {
        String manifest = "{\"manifest_version\": 2, \"name\": \"Deep\", \"version\": \"1.0.0\", \"x\": "
                + opener.repeat(100_000) + "1";
        assertUnjudged(validate(RawZip.create().add("manifest.json", manifest).bytes()));
    }

    @Test
    void trailingContentAfterTheManifestLeavesTheVerdictToTheLinter() throws IOException {
        assertUnjudged(validate(RawZip.create().add("manifest.json", MANIFEST + " \"x\"").bytes()));
    }

    @Test
    void invalidUtf8InManifestLeavesTheVerdictToTheLinter() throws IOException {
        byte[] manifest = MANIFEST.replace("Hostile", "Hostile\u0000").getBytes(StandardCharsets.UTF_8);
        manifest[manifest.length - 60] = (byte) 0xFF;
        assertUnjudged(validate(RawZip.create().add("manifest.json", manifest).bytes()));
    }

    @Test
    void nulInManifestLeavesTheVerdictToTheLinter() throws IOException {
        assertUnjudged(validate(RawZip.create().add("manifest.json", MANIFEST.replace(",", ",\0")).bytes()));
    }

    @Test
    void nulBytesInAScriptAreNotAnError() throws IOException {
        // Scripts are the linter's to read; our pass only inflates and counts them.
        Reports.assertPassed(validate(RawZip.create().add("manifest.json", MANIFEST)
                .add("background.js", "eval(\0\0\0)").bytes()));
    }

    /**
     * A manifest our pass cannot read is not refused by it: whether it is JSON at all is the linter's verdict
     * ({@code JSON_INVALID}), and our pass must survive it and say nothing.
     */
    private static void assertUnjudged(ValidationReport report) {
        Reports.assertPassed(report);
        assertTrue(report.messages().isEmpty(), () -> report.messages().toString());
    }

    /** A sound manifest plus {@code entry}. */
    private ValidationReport validateWith(RawZip.Entry entry) throws IOException {
        return validate(RawZip.create().add("manifest.json", MANIFEST).add(entry).bytes());
    }

    private ValidationReport validate(byte[] zip) throws IOException {
        return validate(Files.write(Files.createTempFile(dir, "hostile-", ".xpi"), zip));
    }

    private ValidationReport validate(Path xpi) {
        return assertTimeoutPreemptively(BOUND, () -> validator.validate(xpi, TARGET));
    }

    private interface Filler {
        void write(OutputStream out, int length) throws IOException;
    }

    /** manifest.json with a 50 MiB name, streamed to disk so the test itself stays within the small heap. */
    private Path hugeManifest(Filler name) throws IOException {
        Path xpi = Files.createTempFile(dir, "huge-manifest-", ".xpi");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(xpi))) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write("{\"manifest_version\": 2, \"name\": \"".getBytes(StandardCharsets.US_ASCII));
            name.write(zip, 50 << 20);
            zip.write("\", \"version\": \"1.0.0\"}".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return xpi;
    }

    private static void fillRandom(byte[] chunk, int length) {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < length; i++) {
            chunk[i] = (byte) random.nextInt(256);
        }
    }

    private static void writeRandomText(OutputStream out, int length) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] raw = new byte[48 << 10];
        Base64.Encoder base64 = Base64.getEncoder();
        for (int written = 0; written < length; ) {
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) random.nextInt(256);
            }
            byte[] text = base64.encode(raw);
            out.write(text);
            written += text.length;
        }
    }

    /** A small deflated script entry, to forge headers around. */
    private static RawZip.Entry script(String name) {
        return RawZip.Entry.deflated(name, "alert(1)".getBytes(StandardCharsets.UTF_8));
    }
}
