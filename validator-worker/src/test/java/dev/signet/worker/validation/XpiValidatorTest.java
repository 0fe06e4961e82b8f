package dev.signet.worker.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class XpiValidatorTest {

    private static final ValidationTarget MV2 = new ValidationTarget("mv2-test@signet.dev", "1.0.0");
    private static final ValidationTarget MV3 = new ValidationTarget("{8b8e3b1a-4c1e-4f7e-9d2a-1b2c3d4e5f60}", "2.1");

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
        assertEquals(2, report.metadata().get("manifestVersion"));
        assertEquals("Signet test add-on (MV2)", report.metadata().get("name"));
        assertEquals("1.0.0", report.metadata().get("version"));
        assertEquals("mv2-test@signet.dev", report.metadata().get("addonId"));
    }

    @Test
    void validMv3() throws IOException {
        ValidationReport report = validate(TestXpi.fixture("mv3", "manifest.json", "background.js").write(dir), MV3);
        assertTrue(report.success(), () -> report.messages().toString());
        assertEquals(3, report.metadata().get("manifestVersion"));
    }

    @Test
    void mv2WithoutIdOnlyWarns() throws IOException {
        Path xpi = TestXpi.create()
                .add("manifest.json", "{\"manifest_version\": 2, \"name\": \"No id\", \"version\": \"1.0.0\"}")
                .write(dir);
        ValidationReport report = validate(xpi, MV2);
        assertTrue(report.success());
        assertEquals(1, report.warnings());
        assertCode(report, "MISSING_ADDON_ID", "warning");
    }

    @Test
    void mv3WithoutIdIsAnError() throws IOException {
        Path xpi = TestXpi.create()
                .add("manifest.json", "{\"manifest_version\": 3, \"name\": \"No id\", \"version\": \"2.1\"}")
                .write(dir);
        assertOnlyError(validate(xpi, MV3), "ADDON_ID_REQUIRED");
    }

    @Test
    void missingManifest() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "background.js").write(dir);
        assertOnlyError(validate(xpi, MV2), "TYPE_NO_MANIFEST_JSON");
    }

    @Test
    void manifestInASubdirectoryIsNotAManifest() throws IOException {
        Path xpi = TestXpi.create().add("addon/manifest.json", TestXpi.resource("xpi/mv2/manifest.json")).write(dir);
        assertOnlyError(validate(xpi, MV2), "TYPE_NO_MANIFEST_JSON");
    }

    @Test
    void badJson() throws IOException {
        Path xpi = TestXpi.create().add("manifest.json", "{\"manifest_version\": 2,\n  \"name\": }").write(dir);
        ValidationReport report = validate(xpi, MV2);
        ValidationMessage message = assertOnlyError(report, "MANIFEST_JSON_INVALID");
        assertEquals("manifest.json", message.file());
        assertEquals(2, message.line());
    }

    @Test
    void duplicateJsonKeys() throws IOException {
        Path xpi = TestXpi.create().add("manifest.json",
                "{\"manifest_version\": 2, \"name\": \"a b\", \"name\": \"c d\", \"version\": \"1.0.0\"}").write(dir);
        assertOnlyError(validate(xpi, MV2), "JSON_DUPLICATE_KEY");
    }

    @Test
    void manifestWithCommentsAndBom() throws IOException {
        byte[] manifest = TestXpi.resource("xpi/mv2/manifest-with-comments.json");
        byte[] withBom = new byte[manifest.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(manifest, 0, withBom, 3, manifest.length);
        ValidationReport report = validate(TestXpi.create().add("manifest.json", withBom).write(dir), MV2);
        assertTrue(report.success(), () -> report.messages().toString());
        assertEquals("Commented // not a comment inside a string", report.metadata().get("name"));
    }

    @Test
    void requiredFieldsAndManifestVersion() throws IOException {
        Path xpi = TestXpi.create().add("manifest.json", "{\"manifest_version\": 4}").write(dir);
        ValidationReport report = validate(xpi, new ValidationTarget(null, null));
        assertFalse(report.success());
        assertCode(report, "MANIFEST_VERSION_INVALID", "error");
        assertEquals(2, report.messages().stream().filter(m -> m.id().equals(List.of("MANIFEST_FIELD_REQUIRED")))
                .count());
    }

    @Test
    void versionFormat() throws IOException {
        Path bad = TestXpi.create().add("manifest.json",
                "{\"manifest_version\": 3, \"name\": \"Ver\", \"version\": \"01.0\","
                        + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"v@signet.dev\"}}}").write(dir);
        assertOnlyError(validate(bad, new ValidationTarget("v@signet.dev", "01.0")), "VERSION_FORMAT_INVALID");

        Path toolkit = TestXpi.create().add("manifest.json",
                "{\"manifest_version\": 2, \"name\": \"Ver\", \"version\": \"1.0a1\","
                        + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"v@signet.dev\"}}}").write(dir);
        ValidationReport report = validate(toolkit, new ValidationTarget("v@signet.dev", "1.0a1"));
        assertTrue(report.success());
        assertCode(report, "VERSION_FORMAT_DEPRECATED", "warning");
    }

    @Test
    void versionMismatch() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").write(dir);
        assertOnlyError(validate(xpi, new ValidationTarget("mv2-test@signet.dev", "1.0.1")), "VERSION_MISMATCH");
    }

    @Test
    void addonIdMismatch() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").write(dir);
        assertOnlyError(validate(xpi, new ValidationTarget("other@signet.dev", "1.0.0")), "ADDON_ID_MISMATCH");
    }

    @Test
    void applicationsGeckoIdIsRead() throws IOException {
        Path xpi = TestXpi.create().add("manifest.json", "{\"manifest_version\": 2, \"name\": \"Old\","
                + " \"version\": \"1.0.0\", \"applications\": {\"gecko\": {\"id\": \"old@signet.dev\"}}}").write(dir);
        ValidationReport report = validate(xpi, new ValidationTarget("old@signet.dev", "1.0.0"));
        assertTrue(report.success(), () -> report.messages().toString());
        assertEquals("old@signet.dev", report.metadata().get("addonId"));
    }

    @Test
    void malformedAddonId() throws IOException {
        Path xpi = TestXpi.create().add("manifest.json", "{\"manifest_version\": 2, \"name\": \"Bad id\","
                + " \"version\": \"1.0.0\", \"browser_specific_settings\": {\"gecko\": {\"id\": \"not an id\"}}}")
                .write(dir);
        assertOnlyError(validate(xpi, new ValidationTarget(null, "1.0.0")), "MANIFEST_FIELD_INVALID");
    }

    @Test
    void pathTraversalEntry() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").add("../evil.js", "alert(1)").write(dir);
        ValidationMessage message = assertOnlyError(validate(xpi, MV2), "ZIP_ENTRY_NAME_INVALID");
        assertEquals("../evil.js", message.file());
    }

    @Test
    void absoluteEntry() throws IOException {
        Path xpi = TestXpi.fixture("mv2", "manifest.json").add("/etc/evil.js", "alert(1)").write(dir);
        assertOnlyError(validate(xpi, MV2), "ZIP_ENTRY_NAME_INVALID");
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
        ValidationMessage message = assertOnlyError(validate(xpi, new ValidationTarget("x@signet.dev", "1.0.0")),
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
