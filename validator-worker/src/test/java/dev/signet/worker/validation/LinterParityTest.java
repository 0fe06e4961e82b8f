package dev.signet.worker.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.model.jobs.Channel;
import dev.signet.model.validation.ValidationMessage;
import dev.signet.model.validation.ValidationReport;
import dev.signet.worker.linter.LinterPool;
import dev.signet.worker.linter.TestLinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our merged verdict against the pinned addons-linter's own CLI, on a corpus of small WebExtensions built here,
 * each exercising one rule. For every add-on: the CLI (node_modules/.bin/addons-linter, AMO's flags for the
 * channel) reports the rule's code, our verdict equals its verdict, our error codes are exactly its error codes
 * (plus our own documented ones, which these add-ons do not trigger), and each of its warnings and notices is in
 * our report too. The zip-safety cases are ours alone, and stricter: refused before the linter sees them.
 */
class LinterParityTest {

    private static final String ID = "corpus@signet.dev";
    private static final String GECKO = "\"browser_specific_settings\": {\"gecko\": {\"id\": \"" + ID + "\","
            + " \"data_collection_permissions\": {\"required\": [\"none\"]}}}";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path dir;
    private static LinterPool pool;
    private static UploadValidator validator;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("linter-parity");
        pool = TestLinter.pool(Map.of());
        validator = new UploadValidator(new XpiValidator(ValidationLimits.AMO), pool, MAPPER);
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    /** One add-on of the corpus: the rule it exercises ({@code code}, null for a valid one) and how it is built. */
    record Case(String name, String code, Channel channel, String version, byte[] zip) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> corpus() {
        String cs = ", \"content_scripts\": [{\"matches\": [%s], \"js\": [\"cs.js\"]}]";
        List<Case> c = new ArrayList<>(List.of(
                // valid add-ons, and what the linter tolerates
                mv3("valid-mv3", null, ""),
                mv2("valid-mv2", null, ""),
                of("line-comments-are-allowed", null, "// a comment\n" + manifest(3, "1.0", BG) + "\n// the end",
                        "bg.js", "1;"),
                // files named by the manifest that do not exist
                mv2("missing-background-script", "MANIFEST_BACKGROUND_FILE_NOT_FOUND",
                        ", \"background\": {\"scripts\": [\"missing.js\"]}"),
                of("missing-background-page", "MANIFEST_BACKGROUND_FILE_NOT_FOUND",
                        manifest(2, "1.0", ", \"background\": {\"page\": \"missing.html\"}")),
                mv3("missing-icon", "MANIFEST_ICON_NOT_FOUND", ", \"icons\": {\"48\": \"icons/missing.png\"}"),
                mv3("missing-content-script", "MANIFEST_CONTENT_SCRIPT_FILE_NOT_FOUND",
                        ", \"content_scripts\": [{\"matches\": [\"https://example.com/*\"], \"js\": [\"no.js\"]}]"),
                mv3("missing-content-script-css", "MANIFEST_CONTENT_SCRIPT_FILE_NOT_FOUND",
                        ", \"content_scripts\": [{\"matches\": [\"https://example.com/*\"], \"css\": [\"no.css\"]}]"),
                mv3("missing-popup", "MANIFEST_FIELD_INVALID",
                        ", \"action\": {\"default_popup\": 42}"),
                // content_scripts match patterns
                mv3("content-script-bad-match", "JSON_INVALID", cs.formatted("\"not a pattern\""), "cs.js",
                        "1;"),
                mv3("content-script-no-path", "JSON_INVALID", cs.formatted("\"https://example.com\""),
                        "cs.js", "1;"),
                mv3("content-script-empty-matches", "JSON_INVALID", cs.formatted(""), "cs.js", "1;"),
                // web_accessible_resources and CSP shapes
                mv3("mv3-war-as-strings", "MANIFEST_FIELD_INVALID",
                        ", \"web_accessible_resources\": [\"bg.js\"]"),
                mv3("mv3-war-objects", null, ", \"web_accessible_resources\": [{\"resources\": [\"bg.js\"],"
                        + " \"matches\": [\"https://example.com/*\"]}]"),
                mv2("mv2-war-objects", "MANIFEST_FIELD_INVALID",
                        ", \"web_accessible_resources\": [{\"resources\": [\"bg.js\"]}]"),
                mv3("mv3-csp-string", "MANIFEST_FIELD_INVALID", ", \"content_security_policy\": \"script-src 'self'\""),
                mv3("mv3-csp-unsafe-eval", "MANIFEST_CSP_UNSAFE_EVAL", ", \"content_security_policy\":"
                        + " {\"extension_pages\": \"script-src 'self' 'unsafe-eval'; object-src 'self'\"}"),
                mv3("mv3-csp-remote", "MANIFEST_CSP", ", \"content_security_policy\":"
                        + " {\"extension_pages\": \"script-src 'self' https://cdn.example.com; object-src 'self'\"}"),
                mv2("mv2-csp-unsafe-eval", "MANIFEST_CSP_UNSAFE_EVAL",
                        ", \"content_security_policy\": \"script-src 'self' 'unsafe-eval'; object-src 'self'\""),
                mv2("mv2-csp-object", "MANIFEST_FIELD_INVALID",
                        ", \"content_security_policy\": {\"extension_pages\": \"script-src 'self'\"}"),
                // default_locale and _locales
                mv3("default-locale-without-locales", "NO_MESSAGES_FILE", ", \"default_locale\": \"en\""),
                mv3("locales-without-default-locale", "NO_DEFAULT_LOCALE", "", "_locales/en/messages.json",
                        "{\"hi\": {\"message\": \"Hi\"}}"),
                mv3("default-locale-without-messages-json", "NO_MESSAGES_FILE", ", \"default_locale\": \"de\"",
                        "_locales/en/messages.json", "{\"hi\": {\"message\": \"Hi\"}}"),
                mv3("messages-json-invalid", "JSON_INVALID", ", \"default_locale\": \"en\"",
                        "_locales/en/messages.json", "{\"hi\": "),
                mv3("locale-message-without-message", "NO_MESSAGE", ", \"default_locale\": \"en\"",
                        "_locales/en/messages.json", "{\"hi\": {\"message\": \"Hi\"}, \"bad\": {\"text\": 1}}"),
                // manifest.json as JSON
                of("block-comments", "JSON_BLOCK_COMMENTS", "/* a block */" + manifest(3, "1.0", BG), "bg.js", "1;"),
                of("invalid-json", "JSON_INVALID", "{\"manifest_version\": 3, \"name\": ", "bg.js", "1;"),
                of("trailing-content", "JSON_INVALID", manifest(3, "1.0", BG) + " {}", "bg.js", "1;"),
                of("duplicate-keys", "JSON_DUPLICATE_KEY",
                        manifest(3, "1.0", BG).replace("\"name\": \"Corpus\"",
                                "\"name\": \"A b\", \"name\": \"Corpus\""),
                        "bg.js", "1;"),
                make("no-manifest", "TYPE_NO_MANIFEST_JSON", Channel.UNLISTED, "1.0",
                        TestXpi.create().add("bg.js", "1;")),
                make("manifest-in-a-folder", "TYPE_NO_MANIFEST_JSON", Channel.UNLISTED, "1.0",
                        TestXpi.create().add("addon/manifest.json", manifest(3, "1.0", BG)).add("addon/bg.js", "1;")),
                // background
                of("mv3-service-worker-only", "BACKGROUND_SERVICE_WORKER_NOFALLBACK",
                        manifest(3, "1.0", ", \"background\": {\"service_worker\": \"bg.js\"}"), "bg.js", "1;"),
                of("mv3-service-worker-with-scripts", null, manifest(3, "1.0",
                        ", \"background\": {\"service_worker\": \"bg.js\", \"scripts\": [\"bg.js\"]}"), "bg.js", "1;"),
                // update_url: AMO hosts listed add-ons itself
                make("update-url-listed", "MANIFEST_UPDATE_URL", Channel.LISTED, "1.0", TestXpi.create()
                        .add("manifest.json", withUpdateUrl())
                        .add("bg.js", "1;")),
                make("update-url-unlisted", null, Channel.UNLISTED, "1.0", TestXpi.create()
                        .add("manifest.json", withUpdateUrl())
                        .add("bg.js", "1;")),
                // version and name
                version("version-101-chars", "VERSION_FORMAT_INVALID", "1." + "1".repeat(99)),
                version("version-leading-zero", "VERSION_FORMAT_INVALID", "01.0"),
                version("version-five-parts", "VERSION_FORMAT_INVALID", "1.2.3.4.5"),
                version("version-letters-mv3", "VERSION_FORMAT_INVALID", "1.0a1"),
                of("version-toolkit-mv2", "VERSION_FORMAT_DEPRECATED", manifest(2, "1.0a1", ""), "1.0a1"),
                of("missing-name", "MANIFEST_FIELD_REQUIRED", manifest(3, "1.0", BG).replace("\"name\": \"Corpus\", ",
                        ""), "bg.js", "1;"),
                of("missing-version", "MANIFEST_FIELD_REQUIRED",
                        manifest(3, "1.0", BG).replace("\"version\": \"1.0\", ", ""), "bg.js", "1;"),
                of("name-too-short", "PROP_NAME_INVALID", manifest(3, "1.0", BG).replace("Corpus", "C"), "bg.js",
                        "1;"),
                of("manifest-version-4", "JSON_INVALID", manifest(4, "1.0", BG), "bg.js", "1;"),
                of("manifest-version-string", "MANIFEST_FIELD_INVALID",
                        manifest(3, "1.0", BG).replace("\"manifest_version\": 3", "\"manifest_version\": \"3\""),
                        "bg.js", "1;"),
                // the add-on id
                of("mv3-without-id", "ADDON_ID_REQUIRED", "{\"manifest_version\": 3, \"name\": \"Corpus\","
                        + " \"version\": \"1.0\"" + BG + "}", "bg.js", "1;"),
                of("mv2-without-id", "MISSING_ADDON_ID", "{\"manifest_version\": 2, \"name\": \"Corpus\","
                        + " \"version\": \"1.0\"}"),
                of("applications-instead-of-bss-mv2", "APPLICATIONS_DEPRECATED", "{\"manifest_version\": 2,"
                        + " \"name\": \"Corpus\", \"version\": \"1.0\", \"applications\": {\"gecko\": {\"id\": \""
                        + ID + "\"}}}"),
                of("strict-min-version-malformed", "JSON_INVALID", manifest(3, "1.0", BG)
                        .replace("\"data_collection_permissions\"", "\"strict_min_version\": \"x\","
                                + " \"data_collection_permissions\""), "bg.js", "1;"),
                of("data-collection-missing", "MISSING_DATA_COLLECTION_PERMISSIONS", "{\"manifest_version\": 3,"
                        + " \"name\": \"Corpus\", \"version\": \"1.0\", \"browser_specific_settings\": {\"gecko\":"
                        + " {\"id\": \"" + ID + "\"}}" + BG + "}", "bg.js", "1;"),
                // permissions
                mv3("unknown-permission", "MANIFEST_PERMISSIONS", ", \"permissions\": [\"teleport\"]"),
                mv3("host-in-mv3-permissions", "MANIFEST_PERMISSIONS",
                        ", \"permissions\": [\"https://example.com/*\"]"),
                mv3("all-urls-host", null, ", \"host_permissions\": [\"<all_urls>\"]"),
                mv3("sensitive-permission", null, ", \"permissions\": [\"nativeMessaging\"]"),
                // scripts and pages
                mv3("eval", "DANGEROUS_EVAL", "", "x.js", "eval(location.hash);"),
                mv3("implied-eval", "NO_IMPLIED_EVAL", "", "x.js", "setTimeout('alert(1)', 10);"),
                mv3("inner-html", "UNSAFE_VAR_ASSIGNMENT", "", "x.js", "document.body.innerHTML = location.hash;"),
                mv3("document-write", "NO_DOCUMENT_WRITE", "", "x.js", "document.write(location.hash);"),
                mv3("js-syntax-error", "JS_SYNTAX_ERROR", "", "x.js", "function ( {"),
                mv3("remote-script-in-page", "REMOTE_SCRIPT", ", \"options_ui\": {\"page\": \"o.html\"}", "o.html",
                        "<html><head><script src=\"https://cdn.example.com/x.js\"></script></head></html>"),
                mv3("inline-script-in-page", "INLINE_SCRIPT", ", \"options_ui\": {\"page\": \"o.html\"}", "o.html",
                        "<html><body><script>init();</script></body></html>"),
                // package hygiene
                mv3("hidden-file", "HIDDEN_FILE", "", "__MACOSX/._bg.js", "x"),
                mv3("flagged-file", "FLAGGED_FILE", "", "Thumbs.db", "x"),
                mv3("flagged-extension", "FLAGGED_FILE_EXTENSION", "", "tool.exe", "MZ"),
                mv3("already-signed", "ALREADY_SIGNED", "", "META-INF/manifest.mf", "Manifest-Version: 1.0\n"),
                mv3("cose-signature-only", null, "", "META-INF/cose.sig", "x")));
        return c.stream();
    }

    private static String withUpdateUrl() {
        return manifest(3, "1.0", BG).replace("\"data_collection_permissions\"",
                "\"update_url\": \"https://example.com/updates.json\", \"data_collection_permissions\"");
    }

    private static final String BG = ", \"background\": {\"scripts\": [\"bg.js\"]}";

    /** An MV3 add-on with a background script and {@code extra} in its manifest, plus {@code files}. */
    private static Case mv3(String name, String code, String extra, String... files) {
        return of(name, code, manifest(3, "1.0", BG + extra), files(files, "bg.js", "1;"));
    }

    private static Case mv2(String name, String code, String extra, String... files) {
        return of(name, code, manifest(2, "1.0", extra), files);
    }

    private static Case version(String name, String code, String version) {
        return make(name, code, Channel.UNLISTED, version,
                TestXpi.create().add("manifest.json", manifest(3, version, BG)).add("bg.js", "1;"));
    }

    /** Unlisted, version 1.0 unless the one odd argument gives another. */
    private static Case of(String name, String code, String manifest, String... files) {
        String version = files.length % 2 == 1 ? files[0] : "1.0";
        TestXpi xpi = TestXpi.create().add("manifest.json", manifest);
        for (int i = files.length % 2; i < files.length; i += 2) {
            xpi.add(files[i], files[i + 1]);
        }
        return make(name, code, Channel.UNLISTED, version, xpi);
    }

    private static Case make(String name, String code, Channel channel, String version, TestXpi xpi) {
        return new Case(name, code, channel, version, xpi.bytes());
    }

    private static String[] files(String[] files, String... more) {
        String[] all = Arrays.copyOf(files, files.length + more.length);
        System.arraycopy(more, 0, all, files.length, more.length);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void ourVerdictIsTheLintersVerdict(Case c) throws Exception {
        Path xpi = TestXpi.write(dir, c.zip());
        JsonNode cli = cli(xpi, pool.flags(c.channel()));
        Set<String> cliErrors = codes(cli.path("errors"));
        Set<String> cliOthers = new TreeSet<>(codes(cli.path("warnings")));
        cliOthers.addAll(codes(cli.path("notices")));
        if (c.code() != null) {
            Set<String> all = new TreeSet<>(cliErrors);
            all.addAll(cliOthers);
            assertTrue(all.contains(c.code()), () -> c + " exercises " + c.code() + ", the linter says " + cli);
        }
        ValidationReport ours = validator.validate(xpi, new ValidationTarget(ID, c.version(), c.channel()));
        assertEquals(cliErrors.isEmpty(), ours.success(), () -> c + ": ours " + ours.messages() + "\nlinter " + cli);
        assertEquals(cliErrors, codes(ours, "error"), () -> c + ": ours " + ours.messages() + "\nlinter " + cli);
        Set<String> ourOthers = new TreeSet<>(codes(ours, "warning"));
        ourOthers.addAll(codes(ours, "notice"));
        assertTrue(ourOthers.containsAll(cliOthers), () -> c + ": ours " + ourOthers + ", linter " + cliOthers);
        assertEquals(cli.path("errors").size() + cli.path("warnings").size() + cli.path("notices").size(),
                ours.messages().stream().filter(m -> cliErrors.contains(m.id().get(0))
                        || cliOthers.contains(m.id().get(0))).count(), () -> c + ": each linter message once");
    }

    /** Archives our pass refuses before the linter sees them, whatever the linter would say. */
    static Stream<Case> unsafeArchives() {
        byte[] twice = TestXpi.create().add("manifest.json", manifest(3, "1.0", BG)).add("bg.js", "1;")
                .add("cs.js", "2;").bytes();
        return Stream.of(
                mv3("path-traversal", "INVALID_XPI_ENTRY", "", "../evil.js", "1;"),
                mv3("absolute-entry", "INVALID_XPI_ENTRY", "", "/etc/evil.js", "1;"),
                mv3("backslash-entry", "INVALID_XPI_ENTRY", "", "lib\\evil.js", "1;"),
                new Case("duplicate-entries", "DUPLICATE_XPI_ENTRY", Channel.UNLISTED, "1.0",
                        TestXpi.patch(twice, "cs.js", "bg.js")),
                make("zip-bomb", "ZIP_COMPRESSION_RATIO", Channel.UNLISTED, "1.0", TestXpi.create()
                        .add("manifest.json", manifest(3, "1.0", BG)).add("bg.js", "1;")
                        .add("zeros.bin", new byte[8 << 20])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeArchives")
    void unsafeArchivesAreRefusedByOurPass(Case c) throws Exception {
        Path xpi = TestXpi.write(dir, c.zip());
        ValidationReport ours = validator.validate(xpi, new ValidationTarget(ID, c.version(), c.channel()));
        assertFalse(ours.success(), () -> c + ": " + ours.messages());
        assertTrue(codes(ours, "error").contains(c.code()), () -> c + ": " + ours.messages());
        assertFalse(ours.metadata().containsKey("listed"), "the linter never saw it");
        // For the record: what the linter alone would say (it may accept some of these).
        System.out.println(c + ": linter alone " + codes(cli(xpi, pool.flags(c.channel())).path("errors")));
    }

    private static Set<String> codes(JsonNode messages) {
        Set<String> codes = new TreeSet<>();
        messages.forEach(m -> codes.add(m.path("code").asText()));
        return codes;
    }

    private static Set<String> codes(ValidationReport report, String type) {
        return report.messages().stream().filter(m -> m.type().equals(type)).map(m -> m.id().get(0))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** What the pinned linter's CLI says about {@code xpi}, run as AMO runs it. */
    static JsonNode cli(Path xpi, List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", TestLinter.cli().toString(), "--boring",
                "--output=json"));
        command.addAll(flags);
        command.add(xpi.toString());
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the linter CLI finished");
        return MAPPER.readTree(out);
    }

    private static String manifest(int manifestVersion, String version, String extra) {
        return "{\"manifest_version\": " + manifestVersion + ", \"name\": \"Corpus\", \"version\": \"" + version
                + "\", " + GECKO + extra + "}";
    }

}
