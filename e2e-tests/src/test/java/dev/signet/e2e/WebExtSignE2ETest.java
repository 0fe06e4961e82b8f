package dev.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.e2e.SignAddonClientE2ETest.Tools;
import dev.signet.e2e.SignAddonClientE2ETest.Tools.Outcome;
import dev.signet.infra.stack.LocalStack;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mozilla's {@code web-ext sign}, the published CLI unchanged, pointed at the local stack's AMO v5 submission API
 * with {@code --amo-base-url}, run as a publisher runs it: from a source directory, with the API key and secret on
 * the command line. Signed XPIs land in the artifacts dir and are checked with {@code jarsigner -verify} and OpenSSL
 * against the dev root; refusals must reach the publisher as web-ext prints them, with the server's own message.
 * The methods share state in order: the versions of one add-on follow each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class WebExtSignE2ETest {

    private static final String WEB_EXT_VERSION = "10.7.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNLISTED_ID = "web-ext-e2e@signet.example";

    @TempDir
    static Path work;

    private static LocalStack stack;
    private static Path webExt;
    private static String amoBaseUrl;
    /** Case 1's source dir, reused by the next version and by the duplicate. */
    private static Path unlistedSource;

    @BeforeAll
    static void installWebExtAndStartStack() throws Exception {
        Tools.require("node");
        Tools.require("npm");
        Tools.require("jarsigner");
        Tools.require("openssl");
        Path client = Files.createDirectories(work.resolve("client"));
        Tools.run(List.of("npm", "install", "--prefix", client.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", "web-ext@" + WEB_EXT_VERSION), work, Map.of(), 300);
        webExt = client.resolve("node_modules/.bin/web-ext");
        Outcome version = webExt(List.of("--version"));
        assertEquals(0, version.exitCode(), version.all());
        assertEquals(WEB_EXT_VERSION, version.stdout().strip(), "the pinned web-ext is the one that runs");
        stack = E2eStack.get();
        amoBaseUrl = stack.settings().amoUrl() + "/api/v5/";
    }

    @Test
    @Order(1)
    void aNewUnlistedAddOnIsSignedIntoTheArtifactsDir() throws Exception {
        unlistedSource = extension("unlisted", Xpis.webExtension(UNLISTED_ID, "1.0"));
        Path artifacts = work.resolve("artifacts-unlisted-1.0");

        Outcome signed = sign(unlistedSource, "unlisted", artifacts);

        assertSigned(signed, artifacts, UNLISTED_ID, "1.0");
        // The manifest names its id, so web-ext creates the add-on with AMO's create-or-update PUT.
        assertTrue(signed.stdout().contains("PUTing URL: " + amoBaseUrl + "addons/addon/" + UNLISTED_ID + "/"),
                signed.all());
    }

    @Test
    @Order(2)
    void theNextVersionIsSignedWithItsSourceCodeAttached() throws Exception {
        editManifest(unlistedSource, manifest -> manifest.put("version", "1.1"));
        // What the reviewer would read: this add-on's own files, unprocessed.
        Path sourceCode = Files.write(work.resolve("source-1.1.zip"), Xpis.webExtension(UNLISTED_ID, "1.1"));
        Path artifacts = work.resolve("artifacts-unlisted-1.1");

        Outcome signed = sign(unlistedSource, "unlisted", artifacts, "--upload-source-code", sourceCode.toString());

        assertSigned(signed, artifacts, UNLISTED_ID, "1.1");
        // web-ext exits non-zero when the PATCH of the source is not answered 2xx.
        assertTrue(signed.stdout().contains("Submitting source to version"), signed.all());
        assertTrue(signed.stdout().contains("PATCHing URL: " + amoBaseUrl + "addons/addon/" + UNLISTED_ID
                + "/versions/"), signed.all());
    }

    @Test
    @Order(3)
    void anAddOnWithoutAnIdGetsOneFromTheServerAndKeepsIt() throws Exception {
        Path source = extension("no-id", Xpis.withManifest("{\"manifest_version\": 2, \"name\": \"e2e no id\","
                + " \"version\": \"1.0\", \"background\": {\"scripts\": [\"background.js\"]}}"));
        Path first = work.resolve("artifacts-no-id-1.0");

        Outcome created = sign(source, "unlisted", first);

        assertEquals(0, created.exitCode(), created.all());
        assertTrue(created.stdout().contains("POSTing URL: " + amoBaseUrl + "addons/addon/"), created.all());
        Path idFile = source.resolve(".web-extension-id");
        assertTrue(Files.isRegularFile(idFile), "web-ext saves the generated id:\n" + created.all());
        String id = savedId(idFile);
        assertTrue(created.stdout().contains("Generated extension ID: " + id + "."), created.all());
        assertSigned(created, first, id, "1.0");

        // web-ext 10.7 does not sign a next version with the id only in .web-extension-id ("This extension ID must
        // be specified in the manifest.json file"): the publisher adds it to the manifest, as web-ext told them to.
        editManifest(source, manifest -> {
            manifest.put("version", "1.1");
            manifest.putObject("browser_specific_settings").putObject("gecko").put("id", id);
        });
        Path second = work.resolve("artifacts-no-id-1.1");

        Outcome updated = sign(source, "unlisted", second);

        assertSigned(updated, second, id, "1.1");
        String put = urlOf(updated.stdout(), "PUTing URL: ");
        assertEquals(amoBaseUrl + "addons/addon/" + id + "/", URLDecoder.decode(put, StandardCharsets.UTF_8),
                "the next version goes to the add-on the server created");
    }

    @Test
    @Order(4)
    void aListedVersionIsSubmittedWithItsMetadataAndLeftForReview() throws Exception {
        Path source = extension("listed", Xpis.webExtension("web-ext-listed-e2e@signet.example", "1.0"));
        // The add-on create body AMO documents for v5 (web-ext's docs point there): categories as a list of slugs.
        Path metadata = Files.writeString(work.resolve("listed-meta.json"), """
                {"version": {"license": "MPL-2.0"}, "categories": ["other"],
                 "summary": {"en-US": "A summary"}, "name": {"en-US": "Name"}}
                """);
        Path artifacts = work.resolve("artifacts-listed");

        Outcome submitted = sign(source, "listed", artifacts, "--amo-metadata", metadata.toString(),
                "--approval-timeout", "0");

        assertEquals(0, submitted.exitCode(), submitted.all());
        assertEquals(List.of(), files(artifacts), "nothing to download before a human review");
        String skipped = "Waiting for approval and download of signed XPI skipped. When approved the signed XPI file"
                + " can be downloaded from ";
        String editUrl = urlOf(submitted.stdout(), skipped);
        assertTrue(URI.create(editUrl).isAbsolute() && editUrl.startsWith("http"),
                "the server answered the version's edit_url: " + editUrl);
    }

    @Test
    @Order(5)
    void aVersionThatExistsIsRefusedWithTheServersConflict() throws Exception {
        // Version 1.0 again, with other content: web-ext uploads anew (its .amo-upload-uuid reuse is keyed on the
        // zip's CRCs), the upload validates, and the server refuses the version.
        editManifest(unlistedSource, manifest -> manifest.put("version", "1.0"));
        Files.writeString(unlistedSource.resolve("background.js"), "console.log('a different 1.0');\n");
        Path artifacts = work.resolve("artifacts-duplicate");

        Outcome refused = sign(unlistedSource, "unlisted", artifacts);

        assertRefused(refused, artifacts);
        JsonNode body = serverError(refused, 409, "Conflict");
        assertTrue(texts(body.get("version")).stream().anyMatch(m -> m.contains("1.0")),
                "a field error naming the version: " + body);
    }

    @Test
    @Order(6)
    void listedMetadataWithoutASummaryIsRefusedFieldByField() throws Exception {
        Path source = extension("listed-no-summary",
                Xpis.webExtension("web-ext-no-summary-e2e@signet.example", "1.0"));
        Path metadata = Files.writeString(work.resolve("no-summary-meta.json"), """
                {"version": {"license": "MPL-2.0"}, "categories": ["other"], "name": {"en-US": "Name"}}
                """);
        Path artifacts = work.resolve("artifacts-no-summary");

        Outcome refused = sign(source, "listed", artifacts, "--amo-metadata", metadata.toString(),
                "--approval-timeout", "0");

        assertRefused(refused, artifacts);
        JsonNode body = serverError(refused, 400, "Bad Request");
        assertFalse(texts(body.get("summary")).isEmpty(), "a DRF field error for summary: " + body);
        assertFalse(body.has("categories"), "categories were given: " + body);
        body.fields().forEachRemaining(field -> assertFalse(texts(field.getValue()).isEmpty(),
                "every field error is a list of messages: " + body));
    }

    @Test
    @Order(7)
    void anInvalidExtensionFailsValidationWithTheLintersFindings() throws Exception {
        // web-ext itself only checks that the manifest parses and has a name and a version; a leading zero is the
        // validator's to refuse.
        Path source = extension("invalid", Xpis.webExtension("web-ext-invalid-e2e@signet.example", "01.0"));
        Path artifacts = work.resolve("artifacts-invalid");

        Outcome refused = sign(source, "unlisted", artifacts);

        assertRefused(refused, artifacts);
        JsonNode validation = jsonAfter(refused.stderr(), "Validation failed:\n");
        assertTrue(validation.path("errors").asInt() > 0, "the validation counts the error: " + validation);
        assertTrue(validation.toString().contains("VERSION_FORMAT_INVALID"), "the linter's finding: " + validation);
    }

    @Test
    @Order(8)
    void aWrongSecretIsRefusedBeforeAnythingIsUploaded() throws Exception {
        Path source = extension("wrong-secret", Xpis.webExtension("web-ext-secret-e2e@signet.example", "1.0"));
        Path artifacts = work.resolve("artifacts-wrong-secret");
        String wrong = new StringBuilder(stack.credentials().amoApiSecret()).reverse().toString();

        Outcome refused = webExt(signArguments(source, "unlisted", artifacts, wrong, List.of()));

        assertRefused(refused, artifacts);
        assertTrue(refused.stderr().contains("Upload failed: "), "the first request, the upload, is refused:\n"
                + refused.all());
        JsonNode body = serverError(refused, 401, "Unauthorized");
        assertFalse(body.path("detail").asText().isBlank(), "a DRF detail message: " + body);
    }

    private static Outcome sign(Path source, String channel, Path artifacts, String... more) throws Exception {
        return webExt(signArguments(source, channel, artifacts, stack.credentials().amoApiSecret(), List.of(more)));
    }

    private static List<String> signArguments(Path source, String channel, Path artifacts, String secret,
            List<String> more) {
        List<String> arguments = new ArrayList<>(List.of("sign", "--verbose", "--no-config-discovery", "--no-input",
                "--channel", channel, "--amo-base-url", amoBaseUrl,
                "--api-key", stack.credentials().amoApiKey(), "--api-secret", secret,
                "--source-dir", source.toString(), "--artifacts-dir", artifacts.toString(), "--timeout", "120000"));
        arguments.addAll(more);
        return arguments;
    }

    /** web-ext with a home and temp dir of its own, none of the caller's WEB_EXT_* settings, no update check. */
    private static Outcome webExt(List<String> arguments) throws Exception {
        Path cwd = Files.createDirectories(work.resolve("cwd"));
        Path home = Files.createDirectories(work.resolve("home"));
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(webExt.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("WEB_EXT_"));
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("NO_UPDATE_NOTIFIER", "1");
        return Tools.exec(builder, 300);
    }

    /** Exit 0 and one XPI in the artifacts dir, the one web-ext reports: this version, signed for this add-on. */
    private static void assertSigned(Outcome outcome, Path artifacts, String id, String version) throws Exception {
        assertEquals(0, outcome.exitCode(), outcome.all());
        List<Path> files = files(artifacts);
        assertEquals(1, files.size(), "one signed file in " + artifacts + ": " + files + "\n" + outcome.all());
        Path signed = files.get(0);
        assertTrue(signed.getFileName().toString().endsWith(".xpi"), signed.toString());
        assertTrue(outcome.stdout().contains("Signed xpi downloaded: " + signed), outcome.all());
        try (ZipFile zip = new ZipFile(signed.toFile())) {
            assertTrue(zip.getEntry("META-INF/mozilla.rsa") != null, "PKCS#7 signature present");
            assertTrue(zip.getEntry("META-INF/cose.sig") != null, "COSE signature present");
            try (InputStream manifest = zip.getInputStream(zip.getEntry("manifest.json"))) {
                assertEquals(version, JSON.readTree(manifest).path("version").asText(), "the version built");
            }
        }
        assertEquals(id, signerCommonName(signed), "signed for the add-on (Firefox reads the id from the CN)");
        XpiVerifier.verifyWithJarsignerAndOpenssl(signed, stack.settings().dataDir().resolve("signer/dev-root.pem"),
                Files.createDirectories(work.resolve("verify")));
    }

    private static void assertRefused(Outcome outcome, Path artifacts) throws IOException {
        assertNotEquals(0, outcome.exitCode(), outcome.all());
        assertEquals(List.of(), files(artifacts), "nothing signed: " + outcome.all());
    }

    /**
     * The response body web-ext prints for a 4xx, after {@code "<what failed>: <status text>"} (the code when the
     * response has no reason phrase): AMO's error shapes (DRF field errors, {@code detail}) must reach the publisher
     * as the server wrote them.
     */
    private static JsonNode serverError(Outcome outcome, int status, String statusText) throws IOException {
        String marker = ": " + statusText + "\n";
        return jsonAfter(outcome.stderr(), outcome.stderr().contains(marker) ? marker : ": " + status + "\n");
    }

    /** The JSON value web-ext printed after {@code marker} (a stack trace follows it). */
    private static JsonNode jsonAfter(String output, String marker) throws IOException {
        int at = output.indexOf(marker);
        assertTrue(at >= 0, "no \"" + marker.strip() + "\" in:\n" + output);
        JsonNode value = JSON.readTree(output.substring(at + marker.length()));
        assertTrue(value != null && value.isObject(), "a JSON object after \"" + marker.strip() + "\":\n" + output);
        return value;
    }

    private static List<String> texts(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        if (messages != null && messages.isArray()) {
            messages.forEach(message -> texts.add(message.isTextual() ? message.asText() : ""));
        }
        texts.removeIf(String::isBlank);
        return texts;
    }

    /** The first URL after {@code marker} in web-ext's output. */
    private static String urlOf(String output, String marker) {
        int at = output.indexOf(marker);
        assertTrue(at >= 0, "no \"" + marker + "\" in:\n" + output);
        return output.substring(at + marker.length()).split("\\s", 2)[0];
    }

    /** The id in web-ext's .web-extension-id: the first line that is not a comment. */
    private static String savedId(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).findFirst()
                .orElseThrow(() -> new AssertionError("no id in " + file));
    }

    /** The subject CN of the signing (end-entity) certificate in the PKCS#7 signature. */
    private static String signerCommonName(Path xpi) throws Exception {
        try (ZipFile zip = new ZipFile(xpi.toFile());
                InputStream rsa = zip.getInputStream(zip.getEntry("META-INF/mozilla.rsa"))) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(rsa)) {
                X509Certificate x509 = (X509Certificate) certificate;
                if (x509.getBasicConstraints() == -1) {
                    for (Rdn rdn : new LdapName(x509.getSubjectX500Principal().getName()).getRdns()) {
                        if (rdn.getType().equalsIgnoreCase("CN")) {
                            return rdn.getValue().toString();
                        }
                    }
                }
            }
        }
        throw new AssertionError("no end-entity certificate with a CN in " + xpi);
    }

    /** A source dir holding the files of {@code xpi}, as a publisher's checkout would. */
    private static Path extension(String name, byte[] xpi) throws IOException {
        Path dir = Files.createDirectories(work.resolve("source-" + name));
        Path packed = Files.write(work.resolve(name + ".zip"), xpi);
        try (ZipFile zip = new ZipFile(packed.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, dir.resolve(entry.getName()));
                }
            }
        }
        return dir;
    }

    private static void editManifest(Path source, Consumer<ObjectNode> edit) throws IOException {
        Path file = source.resolve("manifest.json");
        ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(manifest);
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), manifest);
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }
}
