package dev.signet.worker.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.model.jobs.Channel;
import dev.signet.model.validation.ValidationMessage;
import dev.signet.model.validation.ValidationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our own pass alone (no linter): zip safety and identity against the submission. */
class XpiValidatorTest {

    private static final ValidationTarget MV2 = new ValidationTarget("mv2-test@signet.dev", "1.0.0", Channel.UNLISTED);
    private static final ValidationTarget MV3 = new ValidationTarget("{8b8e3b1a-4c1e-4f7e-9d2a-1b2c3d4e5f60}", "2.1",
            Channel.UNLISTED);

    @TempDir
    Path dir;

    private final XpiValidator validator = new XpiValidator(ValidationLimits.AMO);

    @Test
    void validMv2() throws IOException {
        ValidationReport report = validate(TestXpi.fixture("mv2", "manifest.json", "background.js").write(dir), MV2);
        assertTrue(report.success(), () -> report.messages().toString());
        assertEquals(0, report.errors());
        assertEquals(Map.of("errors", 0, "warnings", 0, "notices", 0), report.compatibilitySummary());
        assertEquals(5, report.endingTier());
        assertTrue(report.messages().isEmpty(), () -> report.messages().toString());
    }

    @Test
    void validMv3() throws IOException {
        ValidationReport report = validate(TestXpi.fixture("mv3", "manifest.json", "background.js").write(dir), MV3);
        assertTrue(report.success(), () -> report.messages().toString());
        assertTrue(report.messages().isEmpty(), () -> report.messages().toString());
    }

    /** Comments and a BOM do not hide the version from our check (whether they are allowed is the linter's call). */
    @Test
    void manifestWithCommentsAndBom() throws IOException {
        byte[] manifest = TestXpi.resource("xpi/mv2/manifest-with-comments.json");
        byte[] withBom = new byte[manifest.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(manifest, 0, withBom, 3, manifest.length);
        Path xpi = TestXpi.create().add("manifest.json", withBom).write(dir);
        assertTrue(validate(xpi, MV2).success());
        assertOnlyError(validate(xpi, new ValidationTarget("mv2-test@signet.dev", "9.9", Channel.UNLISTED)),
                "VERSION_MISMATCH");
    }

    /** Of duplicate keys the last one counts, as in Firefox: the version it would install is the one compared. */
    @Test
    void duplicateKeysLastOneCounts() throws IOException {
        Path xpi = TestXpi.create().add("manifest.json", "{\"manifest_version\": 2, \"name\": \"Dup\","
                + " \"version\": \"1.0.0\", \"version\": \"6.6.6\"}").write(dir);
        assertOnlyError(validate(xpi, MV2), "VERSION_MISMATCH");
    }

    @Test
    void versionMismatch() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").write(dir);
        assertOnlyError(validate(xpi, target("mv2-test@signet.dev", "1.0.1")), "VERSION_MISMATCH");
    }

    @Test
    void addonIdMismatch() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").write(dir);
        assertOnlyError(validate(xpi, target("other@signet.dev", "1.0.0")), "ADDON_ID_MISMATCH");
    }

    @Test
    void applicationsGeckoIdIsRead() throws IOException {
        Path xpi = TestXpi.create().add("manifest.json", "{\"manifest_version\": 2, \"name\": \"Old\","
                + " \"version\": \"1.0.0\", \"applications\": {\"gecko\": {\"id\": \"old@signet.dev\"}}}").write(dir);
        assertTrue(validate(xpi, new ValidationTarget("old@signet.dev", "1.0.0", Channel.UNLISTED)).success());
        assertOnlyError(validate(xpi, new ValidationTarget("new@signet.dev", "1.0.0", Channel.UNLISTED)),
                "ADDON_ID_MISMATCH");
    }

    @Test
    void pathTraversalEntry() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").add("../evil.js", "alert(1)").write(dir);
        ValidationMessage message = assertOnlyError(validate(xpi, MV2), "INVALID_XPI_ENTRY");
        assertEquals("../evil.js", message.file());
    }

    @Test
    void absoluteEntry() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").add("/etc/evil.js", "alert(1)").write(dir);
        assertOnlyError(validate(xpi, MV2), "INVALID_XPI_ENTRY");
    }

    @Test
    void duplicateEntries() throws IOException {
        byte[] zip = TestXpi.fixture("mv2", "manifest.json").add("a.js", "1").add("b.js", "2").bytes();
        Path xpi = TestXpi.write(dir, TestXpi.patch(zip, "b.js", "a.js"));
        assertOnlyError(validate(xpi, MV2), "DUPLICATE_XPI_ENTRY");
    }

    @Test
    void notAZip() throws IOException {
        Path xpi = TestXpi.write(dir, "this is not a zip file".getBytes(StandardCharsets.UTF_8));
        ValidationReport report = validate(xpi, MV2);
        assertOnlyError(report, "BAD_ZIPFILE");
        assertTrue(report.metadata().isEmpty());
    }

    @Test
    void truncatedZip() throws IOException {
        byte[] zip = TestXpi.fixture("mv2", "manifest.json", "background.js").bytes();
        Path xpi = TestXpi.write(dir, Arrays.copyOf(zip, zip.length / 2));
        assertOnlyError(validate(xpi, MV2), "BAD_ZIPFILE");
    }

    @Test
    void compressionBomb() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").add("zeros.bin", new byte[8 << 20]).write(dir);
        assertOnlyError(validate(xpi, MV2), "ZIP_COMPRESSION_RATIO");
    }

    @Test
    void sizeCaps() throws IOException {
        XpiValidator small = new XpiValidator(new ValidationLimits(3, 1000, 1500, 1000));
        Path big = TestXpi.fixture("mv2", "manifest.json").add("big.js", "x".repeat(1001)).write(dir);
        assertOnlyError(small.validate(big, MV2), "ZIP_ENTRY_TOO_LARGE");

        Path total = TestXpi.fixture("mv2", "manifest.json").add("a.js", "x".repeat(900)).add("b.js", "y".repeat(900))
                .write(dir);
        assertOnlyError(small.validate(total, MV2), "ZIP_TOO_LARGE");

        Path many = TestXpi.fixture("mv2", "manifest.json").add("a", "1").add("b", "2").add("c", "3").write(dir);
        assertOnlyError(small.validate(many, MV2), "ZIP_TOO_MANY_ENTRIES");
    }

    @Test
    void messageShape() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").write(dir);
        ValidationMessage message = assertOnlyError(validate(xpi, target("x@signet.dev", "1.0.0")),
                "ADDON_ID_MISMATCH");
        assertTrue(message.uid().matches("[0-9a-f]{32}"), message.uid());
        assertEquals(1, message.tier());
        assertNotNull(message.message());
        assertNotNull(message.description());
    }

    @Test
    void unexpectedExceptionSkeleton() {
        ValidationReport report = Findings.unexpectedException("boom");
        assertFalse(report.success());
        assertEquals(1, report.errors());
        assertEquals(List.of("validator", "unexpected_exception"), report.messages().get(0).id());
    }

    private static ValidationTarget target(String id, String version) {
        return new ValidationTarget(id, version, Channel.UNLISTED);
    }

    private ValidationReport validate(Path xpi, ValidationTarget target) throws IOException {
        return validator.validate(xpi, target);
    }

    private static ValidationMessage assertOnlyError(ValidationReport report, String code) {
        assertFalse(report.success(), "expected failure: " + report.messages());
        assertEquals(1, report.errors(), () -> report.messages().toString());
        return assertCode(report, code, "error");
    }

    private static ValidationMessage assertCode(ValidationReport report, String code, String type) {
        ValidationMessage message = report.messages().stream().filter(m -> m.id().equals(List.of(code))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + report.messages()));
        assertEquals(type, message.type());
        return message;
    }
}
