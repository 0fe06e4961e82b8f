package dev.signet.autograph.rest;

import static dev.signet.autograph.SignerTestResource.RSA;
import static dev.signet.autograph.TestKeys.ALICE;
import static dev.signet.autograph.TestKeys.CAROL;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.SignerTestResource;
import dev.signet.autograph.signer.contentsignature.Ecdsa;
import dev.signet.model.signer.SignatureResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures from the running service checked by OpenSSL, an independent verifier: the content signature against
 * the leaf of the chain fetched from its x5u URL, that chain up to its root, and RSA (data and hash) signatures.
 */
@QuarkusTest
@WithTestResource(SignerTestResource.class)
class OpensslEndToEndTest {

    static final byte[] DATA = "{\"data\":[],\"last_modified\":1700000000000}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        HawkRequests.configure();
    }

    @Test
    void contentSignatureVerifiesAgainstTheX5uLeafAndTheChainAgainstItsRoot() throws Exception {
        SignatureResponse r = HawkRequests.post(CAROL, "/sign/data", "[{\"input\":\""
                + Base64.getEncoder().encodeToString(DATA) + "\"}]").then().statusCode(201).extract()
                .as(SignatureResponse[].class)[0];
        String path = r.x5u().substring(("http://localhost:" + RestAssured.port).length());
        String chain = given().get(path).then().statusCode(200).extract().asString();
        List<String> pems = new ArrayList<>();
        for (String block : chain.split("(?=-----BEGIN CERTIFICATE-----)")) {
            if (block.startsWith("-----BEGIN CERTIFICATE-----")) {
                pems.add(block);
            }
        }
        assertEquals(3, pems.size(), chain);
        Path leaf = Files.writeString(tmp.resolve("leaf.pem"), pems.get(0));
        Path inter = Files.writeString(tmp.resolve("inter.pem"), pems.get(1));
        Path root = Files.writeString(tmp.resolve("root.pem"), pems.get(2));
        openssl("verify", "-CAfile", root.toString(), "-untrusted", inter.toString(), leaf.toString());
        String ext = openssl("x509", "-in", leaf.toString(), "-noout", "-ext", "extendedKeyUsage,subjectAltName");
        assertTrue(ext.contains("Code Signing") && ext.contains("DNS:cs-pki.content-signature.test"), ext);

        Path leafPub = Files.writeString(tmp.resolve("leaf-pubkey.pem"),
                openssl("x509", "-in", leaf.toString(), "-noout", "-pubkey"));
        Path sig = Files.write(tmp.resolve("sig.der"), Ecdsa.p1363ToDer(Base64.getUrlDecoder().decode(r.signature())));
        ByteArrayOutputStream templated = new ByteArrayOutputStream();
        templated.writeBytes("Content-Signature:\0".getBytes(StandardCharsets.US_ASCII));
        templated.writeBytes(DATA);
        Path data = Files.write(tmp.resolve("data"), templated.toByteArray());
        assertTrue(openssl("dgst", "-sha384", "-verify", leafPub.toString(), "-signature", sig.toString(),
                data.toString()).contains("Verified OK"));
    }

    @Test
    void rsaDataAndHashSignaturesVerifyWithOpenssl() throws Exception {
        SignatureResponse r = HawkRequests.post(ALICE, "/sign/data", "[{\"input\":\""
                + Base64.getEncoder().encodeToString(DATA) + "\",\"keyid\":\"" + RSA + "\"}]").then().statusCode(201)
                .extract().as(SignatureResponse[].class)[0];
        Path pub = Files.writeString(tmp.resolve("rsa-pub.pem"), "-----BEGIN PUBLIC KEY-----\n" + r.publicKey()
                + "\n-----END PUBLIC KEY-----\n");
        Path data = Files.write(tmp.resolve("data"), DATA);
        Path sig = Files.write(tmp.resolve("sig"), Base64.getDecoder().decode(r.signature()));
        assertTrue(openssl("dgst", "-sha256", "-verify", pub.toString(), "-sigopt", "rsa_padding_mode:pss",
                "-sigopt", "rsa_pss_saltlen:-1", "-signature", sig.toString(), data.toString())
                .contains("Verified OK"));

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(DATA);
        SignatureResponse h = HawkRequests.post(ALICE, "/sign/hash", "[{\"input\":\""
                + Base64.getEncoder().encodeToString(digest) + "\",\"keyid\":\"" + RSA + "\"}]").then()
                .statusCode(201).extract().as(SignatureResponse[].class)[0];
        Path digestFile = Files.write(tmp.resolve("digest"), digest);
        Path hashSig = Files.write(tmp.resolve("hash-sig"), Base64.getDecoder().decode(h.signature()));
        assertTrue(openssl("pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-in", digestFile.toString(),
                "-sigfile", hashSig.toString(), "-pkeyopt", "digest:sha256", "-pkeyopt", "rsa_padding_mode:pss",
                "-pkeyopt", "rsa_pss_saltlen:-1").contains("Signature Verified Successfully"));
    }

    static String openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
