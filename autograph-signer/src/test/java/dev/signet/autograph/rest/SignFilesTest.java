package dev.signet.autograph.rest;

import static dev.signet.autograph.SignerTestResource.FILES;
import static dev.signet.autograph.SignerTestResource.P384;
import static dev.signet.autograph.TestKeys.ALICE;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.autograph.SignerTestResource;
import dev.signet.autograph.TestFilesSignerFactory;
import dev.signet.model.signer.SignatureResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /sign/file} and {@code /sign/files}: Autograph's validation and routing to the file capabilities. */
@QuarkusTest
@WithTestResource(SignerTestResource.class)
class SignFilesTest {

    static final String CONTENT = b64("Format: 3.0 (quilt)\nSource: hello\n");

    @BeforeAll
    static void setUp() {
        HawkRequests.configure();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String files(String keyid, String... names) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (String n : names) {
            j.add("{\"name\":\"" + n + "\",\"content\":\"" + CONTENT + "\"}");
        }
        return "[{\"keyid\":\"" + keyid + "\",\"files\":" + j + "}]";
    }

    @Test
    void signsNamedFilesInOrder() {
        SignatureResponse r = HawkRequests.post(ALICE, "/sign/files",
                files(FILES, "hello_1.0-1.dsc", "hello_1.0-1_amd64.changes", "hello_1.0-1_amd64.buildinfo"))
                .then().statusCode(201).body("[0].signer_id", equalTo(FILES)).body("[0].type", equalTo("testfiles"))
                .extract().as(SignatureResponse[].class)[0];
        assertEquals(3, r.signedFiles().size());
        assertEquals("hello_1.0-1.dsc", r.signedFiles().get(0).name());
        assertEquals("hello_1.0-1_amd64.buildinfo", r.signedFiles().get(2).name());
        assertArrayEquals(TestFilesSignerFactory.marked(FILES, Base64.getDecoder().decode(CONTENT)),
                Base64.getDecoder().decode(r.signedFiles().get(1).content()));
    }

    /** Field names match case-insensitively, as Go's decoder matches them to Autograph's structs. */
    @Test
    void fieldNamesInAnyCase() {
        String body = "[{\"KEYID\":\"" + FILES + "\",\"Files\":[{\"Name\":\"a.dsc\",\"CONTENT\":\"" + CONTENT
                + "\"}]}]";
        SignatureResponse r = HawkRequests.post(ALICE, "/sign/files", body).then().statusCode(201).extract()
                .as(SignatureResponse[].class)[0];
        assertEquals("a.dsc", r.signedFiles().get(0).name());
        assertArrayEquals(TestFilesSignerFactory.marked(FILES, Base64.getDecoder().decode(CONTENT)),
                Base64.getDecoder().decode(r.signedFiles().get(0).content()));
    }

    @Test
    void signsAWholeFile() {
        SignatureResponse r = HawkRequests.post(ALICE, "/sign/file",
                "[{\"input\":\"" + CONTENT + "\",\"keyid\":\"" + FILES + "\"}]")
                .then().statusCode(201).extract().as(SignatureResponse[].class)[0];
        assertArrayEquals(TestFilesSignerFactory.marked(FILES, Base64.getDecoder().decode(CONTENT)),
                r.signedFile());
        HawkRequests.post(ALICE, "/sign/data", "[{\"input\":\"" + CONTENT + "\",\"keyid\":\"" + FILES + "\"}]")
                .then().statusCode(400)
                .body("error", equalTo("requested signer \"" + FILES + "\" does not implement data signing"));
    }

    @Test
    void fileCountLimits() {
        HawkRequests.post(ALICE, "/sign/files", "[{\"keyid\":\"" + FILES + "\",\"files\":[]}]").then()
                .statusCode(400).body("error", equalTo("Did not receive enough files to sign. Need at least 1"));
        HawkRequests.post(ALICE, "/sign/files", "[{\"keyid\":\"" + FILES + "\"}]").then()
                .statusCode(400).body("error", equalTo("Did not receive enough files to sign. Need at least 1"));
        String[] many = new String[33];
        for (int i = 0; i < many.length; i++) {
            many[i] = "f" + i + ".dsc";
        }
        HawkRequests.post(ALICE, "/sign/files", files(FILES, many)).then()
                .statusCode(400).body("error", equalTo("Received too many files to sign (max is 32)"));
        HawkRequests.post(ALICE, "/sign/files", files(FILES, java.util.Arrays.copyOf(many, 32))).then()
                .statusCode(201);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ".hidden.dsc | must start with an alphanumeric character",
        "-x.dsc | must start with an alphanumeric character",
        "x.dsc~ | must end with an alphanumeric character",
        "a/b.dsc | must match",
        "a b.dsc | must match",
        "hello..dsc | must not include ..",
        "héllo.dsc | must match"})
    void fileNameRules(String name, String reason) {
        HawkRequests.post(ALICE, "/sign/files", files(FILES, name)).then().statusCode(400)
                .body("error", containsString("invalid named file name: unsigned filename " + reason.strip()));
    }

    @Test
    void acceptedNamesAndOtherRefusals() {
        String tooLong = "a".repeat(257);
        HawkRequests.post(ALICE, "/sign/files", files(FILES, tooLong)).then().statusCode(400)
                .body("error", containsString("must match"));
        HawkRequests.post(ALICE, "/sign/files", files(FILES, "a".repeat(256), "hello_1.0+dfsg~1-2.tar.xz", "A_b-c.9"))
                .then().statusCode(201);
        HawkRequests.post(ALICE, "/sign/files", files(FILES, "same.dsc", "same.dsc")).then().statusCode(400)
                .body("error", containsString("duplicate file name \"same.dsc\""));
        HawkRequests.post(ALICE, "/sign/files", "[{\"keyid\":\"" + FILES + "\",\"input\":\"" + CONTENT
                + "\",\"files\":[{\"name\":\"a.dsc\",\"content\":\"" + CONTENT + "\"}]}]").then().statusCode(400)
                .body("error", containsString("input must be empty"));
        HawkRequests.post(ALICE, "/sign/files", "[{\"keyid\":\"" + FILES
                + "\",\"files\":[{\"name\":\"a.dsc\",\"content\":\"!!\"}]}]").then().statusCode(400)
                .body("error", containsString("invalid base64"));
    }

    @Test
    void signerWithoutTheCapabilityIs400AndForeignKeyidIs401() {
        HawkRequests.post(ALICE, "/sign/files", files(P384, "a.dsc")).then().statusCode(400)
                .body("error", equalTo("requested signer \"" + P384 + "\" does not implement multiple file signing"));
        HawkRequests.post(ALICE, "/sign/files", files(SignerTestResource.PKI, "a.dsc")).then().statusCode(401)
                .body("error", equalTo("alice is not authorized to sign with key ID " + SignerTestResource.PKI));
        HawkRequests.get(ALICE, "/sign/files").then().statusCode(405);
    }
}
