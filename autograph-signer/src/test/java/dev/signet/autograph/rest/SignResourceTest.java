package dev.signet.autograph.rest;

import static dev.signet.autograph.SignerTestResource.P256;
import static dev.signet.autograph.SignerTestResource.P384;
import static dev.signet.autograph.SignerTestResource.P521;
import static dev.signet.autograph.SignerTestResource.RSA;
import static dev.signet.autograph.TestKeys.ALICE;
import static dev.signet.autograph.TestKeys.BOB;
import static dev.signet.autograph.TestKeys.MONITOR;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.SignerTestResource;
import dev.signet.autograph.signer.contentsignature.Ecdsa;
import dev.signet.hawk.HawkClient;
import dev.signet.model.signer.SignatureResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(SignerTestResource.class)
class SignResourceTest {

    static final String INPUT = Base64.getEncoder().encodeToString(
            "foobarbaz1234abcd".getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void setUp() {
        HawkRequests.configure();
    }

    static void assertContentSignature(SignatureResponse r, byte[] input, String jdkAlg) throws Exception {
        PublicKey key = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(r.publicKey())));
        Signature v = Signature.getInstance(jdkAlg);
        v.initVerify(key);
        ByteArrayOutputStream templated = new ByteArrayOutputStream();
        templated.writeBytes("Content-Signature:\0".getBytes(StandardCharsets.US_ASCII));
        templated.writeBytes(input);
        v.update(templated.toByteArray());
        assertTrue(v.verify(Ecdsa.p1363ToDer(Base64.getUrlDecoder().decode(r.signature()))), "signature verifies");
    }

    @Test
    void workerPathDefaultSignerAnswers201WithSignatureResponses() throws Exception {
        Response res = HawkRequests.post(ALICE, "/sign/data", "[{\"input\":\"" + INPUT + "\"}]");
        res.then().statusCode(201).contentType(containsString("application/json"))
                .header("X-Content-Type-Options", "nosniff")
                .body("$", hasSize(1))
                .body("[0].type", equalTo("contentsignature"))
                .body("[0].mode", equalTo("p384ecdsa"))
                .body("[0].signer_id", equalTo(P384))
                .body("[0].ref", matchesPattern("[0-9a-z]+"))
                .body("[0].public_key", notNullValue());
        SignatureResponse[] out = res.as(SignatureResponse[].class);
        assertContentSignature(out[0], Base64.getDecoder().decode(INPUT), "SHA384withECDSA");
    }

    @Test
    void batchKeepsOrderAndHonoursKeyid() throws Exception {
        String body = "[{\"input\":\"" + INPUT + "\",\"keyid\":\"" + P256 + "\"},{\"input\":\"" + INPUT
                + "\",\"keyid\":\"" + P521 + "\",\"options\":{}},{\"input\":\"" + INPUT + "\"}]";
        SignatureResponse[] out = HawkRequests.post(ALICE, "/sign/data", body).then().statusCode(201).extract()
                .as(SignatureResponse[].class);
        assertEquals(3, out.length);
        assertEquals("p256ecdsa", out[0].mode());
        assertEquals("p521ecdsa", out[1].mode());
        assertEquals(P384, out[2].signerId());
        byte[] input = Base64.getDecoder().decode(INPUT);
        assertContentSignature(out[0], input, "SHA256withECDSA");
        assertContentSignature(out[1], input, "SHA512withECDSA");
    }

    @Test
    void genericRsaEchoesSignerOpts() throws Exception {
        Response res = HawkRequests.post(ALICE, "/sign/data",
                "[{\"input\":\"" + INPUT + "\",\"keyid\":\"" + RSA + "\"}]");
        res.then().statusCode(201).body("[0].type", equalTo("genericrsa")).body("[0].mode", equalTo("pss"))
                .body("[0].signer_opts.SaltLength", equalTo(-1)).body("[0].signer_opts.Hash", equalTo(5));
        SignatureResponse r = res.as(SignatureResponse[].class)[0];
        PublicKey key = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(r.publicKey())));
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        v.initVerify(key);
        v.update(Base64.getDecoder().decode(INPUT));
        assertTrue(v.verify(Base64.getDecoder().decode(r.signature())));
    }

    @Test
    void acceptsCharsetParameter() {
        byte[] body = ("[{\"input\":\"" + INPUT + "\"}]").getBytes(StandardCharsets.UTF_8);
        HawkRequests.signed(ALICE, "POST", "/sign/data", "application/json; charset=utf-8", body).post("/sign/data")
                .then().statusCode(201);
    }

    @Test
    void signHash() throws Exception {
        byte[] input = Base64.getDecoder().decode(INPUT);
        MessageDigest md = MessageDigest.getInstance("SHA-384");
        md.update("Content-Signature:\0".getBytes(StandardCharsets.US_ASCII));
        String digest = Base64.getEncoder().encodeToString(md.digest(input));
        SignatureResponse[] out = HawkRequests.post(ALICE, "/sign/hash", "[{\"input\":\"" + digest + "\"}]")
                .then().statusCode(201).extract().as(SignatureResponse[].class);
        assertContentSignature(out[0], input, "SHA384withECDSA");
        HawkRequests.post(ALICE, "/sign/hash", "[{\"input\":\"" + INPUT + "\"}]").then().statusCode(400)
                .body("error", containsString("expected 32, 48 or 64"));
    }

    @Test
    void keyidTheCallerMayNotUseIs401NamingIt() {
        HawkRequests.post(BOB, "/sign/data", "[{\"input\":\"" + INPUT + "\",\"keyid\":\"" + P384 + "\"}]")
                .then().statusCode(401).body("error", equalTo("bob is not authorized to sign with key ID " + P384))
                .body("request_id", notNullValue());
        HawkRequests.post(BOB, "/sign/data", "[{\"input\":\"" + INPUT + "\",\"keyid\":\"nope\"}]")
                .then().statusCode(401).body("error", containsString("key ID nope"));
        HawkRequests.post(MONITOR, "/sign/data", "[{\"input\":\"" + INPUT + "\"}]")
                .then().statusCode(401).body("error", containsString("does not have a default signing key"));
    }

    @Test
    void authenticationFailuresAre401() {
        String body = "[{\"input\":\"" + INPUT + "\"}]";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").body(bytes).post("/sign/data").then().statusCode(401)
                .body("error", containsString("missing Authorization"));

        String tampered = "[{\"input\":\"" + Base64.getEncoder().encodeToString(
                "foobarbaz1234abce".getBytes(StandardCharsets.UTF_8)) + "\"}]";
        given().header("Authorization", HawkRequests.header(ALICE, "POST", "/sign/data", "application/json", bytes))
                .contentType("application/json").body(tampered.getBytes(StandardCharsets.UTF_8)).post("/sign/data")
                .then().statusCode(401).body("error", containsString("payload validation failed"));

        String header = HawkRequests.header(ALICE, "POST", "/sign/data", "application/json", bytes);
        given().header("Authorization", header.replaceAll("mac=\"[^\"]{4}", "mac=\"AAAA"))
                .contentType("application/json").body(bytes).post("/sign/data")
                .then().statusCode(401).body("error", containsString("invalid MAC"));
        // The forged copy above did not burn the nonce; the genuine request still works, once.
        given().header("Authorization", header).contentType("application/json").body(bytes).post("/sign/data")
                .then().statusCode(201);
        given().header("Authorization", header).contentType("application/json").body(bytes).post("/sign/data")
                .then().statusCode(401).body("error", containsString("replayed"));

        String stale = HawkClient.header(ALICE, "POST", HawkRequests.uri("/sign/data"), "application/json", bytes,
                System.currentTimeMillis() / 1000 - 3600, "stale-nonce", null);
        given().header("Authorization", stale).contentType("application/json").body(bytes).post("/sign/data")
                .then().statusCode(401).body("error", containsString("timestamp skew"))
                .header("WWW-Authenticate", matchesPattern("Hawk ts=\"\\d+\", tsm=\"[^\"]+\", error=\"Stale timestamp\""));

        String noHash = header.replaceAll("hash=\"[^\"]+\", ", "");
        given().header("Authorization", noHash).contentType("application/json").body(bytes).post("/sign/data")
                .then().statusCode(401);
    }

    @Test
    void badBodiesAre400() {
        HawkRequests.post(ALICE, "/sign/data", "not json").then().statusCode(400)
                .body("error", containsString("failed to parse request body"))
                .body("error", not(containsString("at dev.")));
        HawkRequests.post(ALICE, "/sign/data", "{\"input\":\"" + INPUT + "\"}").then().statusCode(400);
        HawkRequests.post(ALICE, "/sign/data", "[]").then().statusCode(400);
        HawkRequests.post(ALICE, "/sign/data", "[{\"input\":\"\"}]").then().statusCode(400)
                .body("error", equalTo("missing input in signature request 0"));
        HawkRequests.post(ALICE, "/sign/data", "[{\"input\":\"" + INPUT + "\"}, {\"input\":\"!!!\"}]")
                .then().statusCode(400).body("error", startsWith("signature request 1: input: invalid base64 input"));
        HawkRequests.post(ALICE, "/sign/data", "[{\"input\":\"" + Base64.getEncoder().encodeToString(new byte[5])
                + "\"}]").then().statusCode(400).body("error", containsString("shorter than 10 bytes"));
        HawkRequests.post(ALICE, "/sign/file", "[{\"input\":\"" + INPUT + "\"}]").then().statusCode(400)
                .body("error", equalTo("requested signer \"" + P384 + "\" does not implement file signing"));
        byte[] body = ("[{\"input\":\"" + INPUT + "\"}]").getBytes(StandardCharsets.UTF_8);
        HawkRequests.signed(ALICE, "POST", "/sign/data", "text/plain", body).post("/sign/data")
                .then().statusCode(400).body("error", containsString("expected application/json"));
    }

    @Test
    void tooLargeIsRefusedWhileReadingWithoutContentLength() throws Exception {
        // A chunked body that crosses the limit and never ends: the 413 must come while it is still being sent.
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /sign/data HTTP/1.1\r\nHost: localhost:" + RestAssured.port + "\r\n"
                    + "Content-Type: application/json\r\nAuthorization: "
                    + HawkRequests.header(ALICE, "POST", "/sign/data", "application/json", new byte[0])
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[8192];
            Arrays.fill(chunk, (byte) 'a');
            for (long sent = 0; sent <= SignerTestResource.MAX_BODY; sent += chunk.length) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            StringBuilder response = new StringBuilder();
            byte[] buf = new byte[1024];
            int n;
            while (!response.toString().contains("max size") && (n = socket.getInputStream().read(buf)) > 0) {
                response.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            assertTrue(response.toString().startsWith("HTTP/1.1 413"), response.toString());
            assertTrue(response.toString().contains("max size"), response.toString());
        }
    }

    @Test
    void unknownCallerAndMonitorUserAre401() {
        HawkRequests.post(dev.signet.hawk.HawkCredentials.of("mallory", "some key of mallory's own"), "/sign/data",
                "[{\"input\":\"" + INPUT + "\"}]").then().statusCode(401)
                .body("error", containsString("unknown id")).body("request_id", notNullValue());
        HawkRequests.post(MONITOR, "/sign/hash", "[{\"input\":\"" + INPUT + "\"}]").then().statusCode(401)
                .body("error", equalTo("\"monitor\" does not have a default signing key"));
        HawkRequests.post(MONITOR, "/sign/data", "[{\"input\":\"" + INPUT + "\",\"keyid\":\"" + P384 + "\"}]")
                .then().statusCode(401).body("error", equalTo("\"monitor\" does not have a default signing key"));
        given().header("Authorization", "Basic YWxpY2U6YWxpY2U=").contentType("application/json")
                .body("[]").post("/sign/data").then().statusCode(401).body("error", notNullValue());
    }

    @Test
    void tooLargeIs413AndWrongMethodIs405() {
        byte[] big = new byte[(int) SignerTestResource.MAX_BODY + 1];
        Arrays.fill(big, (byte) 'a');
        HawkRequests.signed(ALICE, "POST", "/sign/data", "application/json", big).post("/sign/data")
                .then().statusCode(413).body("error", containsString("max size"));
        HawkRequests.get(ALICE, "/sign/data").then().statusCode(405).body("error", equalTo("method not allowed"));
    }
}
