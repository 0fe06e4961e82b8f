package dev.signet.worker.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.model.jobs.Channel;
import dev.signet.model.validation.ValidationMessage;
import dev.signet.model.validation.ValidationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our own pass's signature-file and permission checks (no linter), on XPIs built from
 * {@code src/test/resources/xpi}; risky code and CSP are the linter's (see {@code LinterParityTest}).
 */
class RiskChecksTest {

    private static final ValidationTarget REALISTIC = new ValidationTarget("realistic@signet.dev", "3.2.1",
            Channel.UNLISTED);
    private static final ValidationTarget MV2 = new ValidationTarget("mv2-test@signet.dev", "1.0.0", Channel.UNLISTED);
    private static final String[] REALISTIC_FILES = {"manifest.json", "background.js", "content.js", "popup.html",
        "popup.js", "options.htm", "options.js", "popup.css"};

    @TempDir
    Path dir;

    private final XpiValidator validator = new XpiValidator(ValidationLimits.AMO);

    @Test
    void realisticAddonHasNoFindings() throws IOException {
        ValidationReport report = validate(realistic().write(dir), REALISTIC);
        assertTrue(report.success(), () -> report.messages().toString());
        assertEquals(List.of(), report.messages());
        assertEquals(0, report.warnings() + report.notices());
        assertEquals(List.of("storage", "tabs", "activeTab", "alarms", "contextMenus"),
                report.metadata().get("permissions"));
        assertEquals(List.of("https://*.example.com/*", "https://api.example.org/v1/*"),
                report.metadata().get("hostPermissions"));
    }

    // --- files already signed ---

    @Test
    void signedBySomeoneElseWarns() throws IOException {
        Path xpi = realistic().add("META-INF/manifest.mf", "Manifest-Version: 1.0\n")
                .add("META-INF/mozilla.sf", TestXpi.resource("xpi/signed/mozilla.sf"))
                .add("META-INF/mozilla.rsa", TestXpi.resource("xpi/signed/other-signer.rsa")).write(dir);
        ValidationReport report = validate(xpi, REALISTIC);
        assertTrue(report.success(), () -> report.messages().toString());
        ValidationMessage message = only(report, "ALREADY_SIGNED", "warning");
        assertEquals("META-INF/manifest.mf", message.file());
        assertTrue(message.description().contains("OU=Production"), message.description());
        assertEquals(List.of("META-INF/manifest.mf", "META-INF/mozilla.sf", "META-INF/mozilla.rsa"),
                report.metadata().get("signatureFiles"));
    }

    @Test
    void signedWithMozillasCertificateIsRefused() throws IOException {
        Path xpi = realistic().add("META-INF/manifest.mf", "Manifest-Version: 1.0\n")
                .add("META-INF/mozilla.sf", TestXpi.resource("xpi/signed/mozilla.sf"))
                .add("META-INF/mozilla.rsa", TestXpi.resource("xpi/signed/mozilla-extensions-ou.rsa")).write(dir);
        ValidationReport report = validate(xpi, REALISTIC);
        assertFalse(report.success());
        assertEquals(1, report.errors());
        assertEquals("META-INF/mozilla.rsa", only(report, "MOZILLA_SIGNED_EXTENSION", "error").file());
        only(report, "ALREADY_SIGNED", "warning");
    }

    @Test
    void anySignatureFileCounts() throws IOException {
        for (String name : List.of("META-INF/cose.sig", "META-INF/cose.manifest", "META-INF/SIG.RSA",
                "META-INF/signer.SF", "META-INF/key.dsa", "META-INF/key.ec", "META-INF/MANIFEST.MF",
                "META-INF/SIG-FOO", "META-INF/sub/a.rsa")) {
            ValidationReport report = validate(realistic().add(name, "x").write(dir), REALISTIC);
            assertTrue(report.success(), name);
            assertEquals(name, only(report, "ALREADY_SIGNED", "warning").file());
        }
    }

    @Test
    void unparsableMozillaRsaOnlyWarns() throws IOException {
        ValidationReport report = validate(realistic().add("META-INF/mozilla.rsa", "not pkcs7").write(dir),
                REALISTIC);
        assertTrue(report.success());
        only(report, "ALREADY_SIGNED", "warning");
    }

    @Test
    void otherMetaInfFilesAreNotSignatures() throws IOException {
        ValidationReport report = validate(realistic().add("META-INF/notes.txt", "x")
                .add("lib/META-INF/manifest.mf", "x").add("lib/a.rsa", "x").add("META-INF/sub/manifest.mf", "x")
                .write(dir), REALISTIC);
        assertEquals(List.of(), report.messages());
    }

    // --- messages ---

    @Test
    void tooManyMessagesAreTruncated() {
        Findings findings = new Findings();
        for (int i = 1; i <= 600; i++) {
            findings.add(MessageType.WARNING, List.of("DANGEROUS_EVAL"), "eval", null, "many.js", i, 1);
        }
        ValidationReport report = findings.toReport();
        assertTrue(report.success());
        assertEquals(600, report.warnings());
        assertEquals(501, report.messages().size());
        ValidationMessage last = report.messages().get(500);
        assertEquals(List.of("validation", "messages", "truncated"), last.id());
        assertEquals("notice", last.type());
        assertEquals(500, report.messages().get(499).line());
    }

    // --- permissions ---

    @Test
    void broadHostPermissionsWarn() throws IOException {
        String manifest = manifest(2, "\"permissions\": [\"<all_urls>\", \"storage\", \"https://*/*\"],"
                + " \"content_scripts\": [{\"matches\": [\"*://*/*\"], \"js\": [\"c.js\"]},"
                + " {\"matches\": [\"http://*/*\", \"*://*/*\"], \"js\": [\"d.js\"]}]");
        ValidationReport report = validate(TestXpi.create().add("manifest.json", manifest).write(dir), MV2);
        assertTrue(report.success());
        List<ValidationMessage> broad = all(report, "BROAD_HOST_PERMISSION");
        assertEquals(4, broad.size(), () -> broad.toString());
        assertTrue(broad.stream().allMatch(m -> m.type().equals("warning") && m.file().equals("manifest.json")));
        assertTrue(broad.get(0).message().contains("<all_urls>"), broad.get(0).message());
    }

    @Test
    void mv3HostAndOptionalPermissions() throws IOException {
        String manifest = "{\"manifest_version\": 3, \"name\": \"Hosts\", \"version\": \"2.1\","
                + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"{8b8e3b1a-4c1e-4f7e-9d2a-1b2c3d4e5f60}\"}},"
                + " \"host_permissions\": [\"*://*/*\", \"https://example.com/*\"],"
                + " \"optional_host_permissions\": [\"<all_urls>\"], \"optional_permissions\": [\"history\"]}";
        ValidationReport report = validate(TestXpi.create().add("manifest.json", manifest).write(dir),
                new ValidationTarget("{8b8e3b1a-4c1e-4f7e-9d2a-1b2c3d4e5f60}", "2.1", Channel.UNLISTED));
        assertEquals(1, report.warnings(), () -> report.messages().toString());
        assertEquals(2, report.notices(), () -> report.messages().toString());
        assertEquals(List.of("warning", "notice"), all(report, "BROAD_HOST_PERMISSION").stream()
                .map(ValidationMessage::type).toList());
        only(report, "SENSITIVE_PERMISSION", "notice");
    }

    @Test
    void sensitivePermissionsAreNotices() throws IOException {
        String manifest = manifest(2, "\"permissions\": [\"nativeMessaging\", \"debugger\", \"proxy\","
                + " \"webRequest\", \"webRequestBlocking\", \"management\", \"privacy\", \"browsingData\", \"history\","
                + " \"cookies\", \"downloads\", \"storage\", \"tabs\"]");
        ValidationReport report = validate(TestXpi.create().add("manifest.json", manifest).write(dir), MV2);
        assertTrue(report.success());
        assertEquals(0, report.warnings());
        assertEquals(10, all(report, "SENSITIVE_PERMISSION").size());
        assertEquals(10, report.notices());
    }

    @Test
    void narrowHostsAreNotBroad() {
        for (String host : List.of("https://*.example.com/*", "https://example.com/*", "*://*.example.org/*",
                "file:///*", "https://*example/*", "activeTab")) {
            assertFalse(PermissionChecks.isBroadHost(host), host);
        }
        for (String host : List.of("<all_urls>", "*://*/*", "http://*/*", "https://*/*", "https://*/", "ws://*/*")) {
            assertTrue(PermissionChecks.isBroadHost(host), host);
        }
    }

    private static String manifest(int manifestVersion, String extra) {
        return "{\"manifest_version\": " + manifestVersion + ", \"name\": \"Risky\", \"version\": \"1.0.0\","
                + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"mv2-test@signet.dev\"}}, " + extra + "}";
    }

    private static TestXpi realistic() {
        return TestXpi.fixture("realistic", REALISTIC_FILES);
    }

    private ValidationReport validate(Path xpi, ValidationTarget target) throws IOException {
        return validator.validate(xpi, target);
    }

    private static List<ValidationMessage> all(ValidationReport report, String code) {
        return report.messages().stream().filter(m -> m.id().equals(List.of(code))).toList();
    }

    private static ValidationMessage only(ValidationReport report, String code, String type) {
        List<ValidationMessage> found = all(report, code);
        assertEquals(1, found.size(), () -> code + " in " + report.messages());
        assertEquals(type, found.get(0).type());
        return found.get(0);
    }
}
