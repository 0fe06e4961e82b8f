package dev.signet.worker.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.model.validation.ValidationMessage;
import dev.signet.model.validation.ValidationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signature files, risky code, broad permissions and CSP, on XPIs built from {@code src/test/resources/xpi}. */
class RiskChecksTest {

    private static final ValidationTarget REALISTIC = new ValidationTarget("realistic@signet.dev", "3.2.1");
    private static final ValidationTarget MV2 = new ValidationTarget("mv2-test@signet.dev", "1.0.0");
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
        long scanned = (Long) report.metadata().get("totalScannedFileSize");
        assertTrue(scanned > 1000 && scanned < 5000, () -> "scanned " + scanned);
        assertEquals("realistic@signet.dev", report.metadata().get("addonId"));
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

    // --- risky code ---

    @Test
    void riskyScriptIsReportedWithFileAndLine() throws IOException {
        String js = "// helper\nfunction run(code) {\n  return eval(code);\n}\nsetTimeout(\"run('1')\", 10);\n"
                + "out.innerHTML = code;\ndocument.write(code);\nimportScripts('https://cdn.example.com/x.js');\n"
                + "new Function(code);\nlist.insertAdjacentHTML('beforeend', code);\n";
        ValidationReport report = validate(realistic().add("lib/risky.mjs", js).write(dir), REALISTIC);
        assertTrue(report.success(), "risky code only warns");
        assertEquals(7, report.warnings(), () -> report.messages().toString());
        ValidationMessage eval = first(report, "DANGEROUS_EVAL");
        assertEquals("warning", eval.type());
        assertEquals("lib/risky.mjs", eval.file());
        assertEquals(3, eval.line());
        assertEquals(10, eval.column());
        assertEquals(5, first(report, "NO_IMPLIED_EVAL").line());
        assertEquals(6, first(report, "UNSAFE_VAR_ASSIGNMENT").line());
        assertEquals(7, first(report, "NO_DOCUMENT_WRITE").line());
        assertEquals(8, first(report, "REMOTE_SCRIPT").line());
    }

    @Test
    void everyScriptExtensionIsScannedAndOthersAreNot() throws IOException {
        ValidationReport report = validate(realistic().add("a.js", "eval(a);").add("b.jsm", "eval(b);")
                .add("c.mjs", "eval(c);").add("notes.txt", "eval(d);").add("data.json", "{\"x\": \"eval(e)\"}")
                .add("style.css", "a { content: 'eval(f)'; }").write(dir), REALISTIC);
        assertEquals(List.of("a.js", "b.jsm", "c.mjs"), report.messages().stream().map(ValidationMessage::file)
                .toList());
    }

    @Test
    void remoteAndInlineScriptsInPages() throws IOException {
        String html = "<html>\n<head>\n<script src=\"https://cdn.example.com/jquery.js\"></script>\n</head>\n"
                + "<body><script>init();</script></body>\n</html>";
        ValidationReport report = validate(realistic().add("page.html", html).write(dir), REALISTIC);
        assertTrue(report.success());
        ValidationMessage remote = only(report, "REMOTE_SCRIPT", "warning");
        assertEquals("page.html", remote.file());
        assertEquals(3, remote.line());
        assertEquals(5, only(report, "INLINE_SCRIPT", "warning").line());
    }

    @Test
    void binaryFileWithScriptExtensionIsSkipped() throws IOException {
        byte[] binary = "eval(x);\0\1\2".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ValidationReport report = validate(realistic().add("compiled.js", binary).write(dir), REALISTIC);
        assertEquals(List.of(), report.messages());
    }

    @Test
    void scriptTooLargeToParseIsAnErrorAsInTheLinter() throws IOException {
        Random random = new Random(42);
        StringBuilder big = new StringBuilder();
        while (big.length() < CodeScanner.MAX_SIZE) {
            big.append("var v").append(random.nextInt(1_000_000)).append(" = ").append(random.nextLong()).append(";\n");
        }
        ValidationReport report = validate(realistic().add("bundle.js", big.toString()).write(dir), REALISTIC);
        assertFalse(report.success());
        assertEquals("bundle.js", only(report, "FILE_TOO_LARGE", "error").file());

        String justBelow = big.substring(0, (int) CodeScanner.MAX_SIZE - 20) + "\neval(x);";
        ValidationReport below = validate(realistic().add("bundle.js", justBelow).write(dir), REALISTIC);
        assertTrue(below.success(), () -> below.messages().toString());
        only(below, "DANGEROUS_EVAL", "warning");
    }

    @Test
    void tooManyMessagesAreTruncated() throws IOException {
        ValidationReport report = validate(realistic().add("many.js", "eval(x);\n".repeat(600)).write(dir),
                REALISTIC);
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
                new ValidationTarget("{8b8e3b1a-4c1e-4f7e-9d2a-1b2c3d4e5f60}", "2.1"));
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

    // --- content security policy ---

    @Test
    void cspWithUnsafeEval() throws IOException {
        String manifest = manifest(2, "\"content_security_policy\": \"script-src 'self' 'unsafe-eval'; object-src 'self'\"");
        ValidationReport report = validate(TestXpi.create().add("manifest.json", manifest).write(dir), MV2);
        assertTrue(report.success());
        ValidationMessage message = only(report, "MANIFEST_CSP_UNSAFE_EVAL", "warning");
        assertTrue(message.message().startsWith("\"content_security_policy\" allows 'eval'"), message.message());
        // As in addons-linter: a script-src that is not entirely safe leaves the missing default-src permissive.
        assertEquals(List.of(List.of("MANIFEST_CSP_UNSAFE_EVAL"), List.of("MANIFEST_CSP")),
                report.messages().stream().map(ValidationMessage::id).toList());
    }

    @Test
    void cspWithRemoteScriptSource() throws IOException {
        String manifest = manifest(2,
                "\"content_security_policy\": \"script-src 'self' https://cdn.example.com; object-src 'self'\"");
        ValidationReport report = validate(TestXpi.create().add("manifest.json", manifest).write(dir), MV2);
        only(report, "MANIFEST_CSP", "warning");
        assertEquals(1, report.warnings());
    }

    @Test
    void mv3CspObjectIsCheckedPerEntry() throws IOException {
        String manifest = "{\"manifest_version\": 3, \"name\": \"Csp\", \"version\": \"2.1\","
                + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"{8b8e3b1a-4c1e-4f7e-9d2a-1b2c3d4e5f60}\"}},"
                + " \"content_security_policy\": {\"extension_pages\": \"default-src 'self' 'unsafe-eval' https:\","
                + " \"sandbox\": \"sandbox allow-scripts; script-src 'self'\"}}";
        ValidationReport report = validate(TestXpi.create().add("manifest.json", manifest).write(dir),
                new ValidationTarget("{8b8e3b1a-4c1e-4f7e-9d2a-1b2c3d4e5f60}", "2.1"));
        assertTrue(only(report, "MANIFEST_CSP_UNSAFE_EVAL", "warning").message()
                .contains("content_security_policy.extension_pages"));
        assertTrue(only(report, "MANIFEST_CSP", "warning").message()
                .contains("content_security_policy.extension_pages"));
    }

    @Test
    void safeCspPolicies() throws IOException {
        for (String csp : List.of("script-src 'self'; object-src 'self'", "default-src 'self'",
                "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'",
                "default-src https:; script-src 'self' moz-extension://abc")) {
            String manifest = manifest(2, "\"content_security_policy\": \"" + csp + "\"");
            ValidationReport report = validate(TestXpi.create().add("manifest.json", manifest).write(dir), MV2);
            assertEquals(List.of(), report.messages(), csp);
        }
    }

    @Test
    void cspWithoutDefaultOrScriptSourceIsPermissive() throws IOException {
        String manifest = manifest(2, "\"content_security_policy\": \"object-src 'self'\"");
        ValidationReport report = validate(TestXpi.create().add("manifest.json", manifest).write(dir), MV2);
        only(report, "MANIFEST_CSP", "warning");
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

    private static ValidationMessage first(ValidationReport report, String code) {
        return all(report, code).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + report.messages()));
    }

    private static ValidationMessage only(ValidationReport report, String code, String type) {
        List<ValidationMessage> found = all(report, code);
        assertEquals(1, found.size(), () -> code + " in " + report.messages());
        assertEquals(type, found.get(0).type());
        return found.get(0);
    }
}
