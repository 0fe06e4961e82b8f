package dev.signet.autograph.rest;

import static dev.signet.autograph.TestKeys.ALICE;
import static dev.signet.autograph.rest.FormatSignersTestResource.APK;
import static dev.signet.autograph.rest.FormatSignersTestResource.AUTHENTICODE;
import static dev.signet.autograph.rest.FormatSignersTestResource.DEBSIGN;
import static dev.signet.autograph.rest.FormatSignersTestResource.GPG;
import static dev.signet.autograph.rest.FormatSignersTestResource.MAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.ExternalTool;
import dev.signet.autograph.signer.apk2.Apk2Signer;
import dev.signet.autograph.signer.authenticode.AuthenticodeSigner;
import dev.signet.autograph.signer.mar.MarFile;
import dev.signet.model.signer.SignatureResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-format signers loaded from YAML through the registry and used over the Autograph API. */
@QuarkusTest
@WithTestResource(FormatSignersTestResource.class)
class FormatSignersResourceTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        HawkRequests.configure();
    }

    static SignatureResponse sign(String path, String keyid, byte[] input) {
        Response r = HawkRequests.post(ALICE, path, "[{\"keyid\":\"" + keyid + "\",\"input\":\""
                + Base64.getEncoder().encodeToString(input) + "\"}]");
        assertEquals(201, r.statusCode(), r.asString());
        SignatureResponse[] out = r.as(SignatureResponse[].class);
        assertEquals(1, out.length);
        return out[0];
    }

    @Test
    void gpg2AnswersArmoredSignatureAndPublicKey() {
        SignatureResponse r = sign("/sign/data", GPG, "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals("gpg2", r.type());
        assertEquals("gpg2", r.mode());
        assertTrue(r.signature().startsWith("-----BEGIN PGP SIGNATURE-----"), r.signature());
        assertTrue(r.publicKey().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"), r.publicKey());

        Response debsignData = HawkRequests.post(ALICE, "/sign/data", "[{\"keyid\":\"" + DEBSIGN
                + "\",\"input\":\"aGVsbG8=\"}]");
        assertEquals(400, debsignData.statusCode(), debsignData.asString());
    }

    @Test
    void marSignsFilesAndHashes() throws Exception {
        byte[] unsigned = new MarFile(List.of(), List.of(), List.of(new MarFile.Entry("updatev3.manifest", 0644,
                "type \"complete\"\n".getBytes(StandardCharsets.UTF_8)))).toBytes();
        SignatureResponse r = sign("/sign/file", MAR, unsigned);
        assertEquals("mar", r.type());
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(r.publicKey())));
        MarFile signed = MarFile.parse(r.signedFile());
        assertEquals(1, signed.signatures().size());
        assertEquals(4, signed.signatures().get(0).algorithmId());
        Signature v = Signature.getInstance("SHA384withECDSAinP1363Format");
        v.initVerify(key);
        v.update(signed.signableBlock());
        assertTrue(v.verify(signed.signatures().get(0).data()));

        byte[] digest = MessageDigest.getInstance("SHA-384").digest(signed.signableBlock());
        SignatureResponse h = sign("/sign/hash", MAR, digest);
        v.initVerify(key);
        v.update(signed.signableBlock());
        assertTrue(v.verify(Base64.getDecoder().decode(h.signature())));
    }

    @Test
    void apk2SignsApksThatApksignerVerifies() throws Exception {
        String apksigner = ExternalTool.require("apksigner", "apksigner");
        SignatureResponse r = sign("/sign/file", APK, Apk2Signer.unsignedTestApk());
        assertEquals("v3enabled", r.mode());
        assertEquals("", r.publicKey());
        Path apk = Files.write(tmp.resolve("signed.apk"), r.signedFile());
        ExternalTool.Result v = ExternalTool.run(List.of(apksigner, "verify", "--verbose", apk.toString()));
        assertEquals(0, v.exitCode(), v.output());
        assertTrue(v.output().contains("Verified using v3 scheme (APK Signature Scheme v3): true"), v.output());
    }

    @Test
    void authenticodeSignsPeFilesThatOsslsigncodeVerifies() throws Exception {
        String ossl = ExternalTool.require("osslsigncode", "osslsigncode");
        SignatureResponse r = sign("/sign/file", AUTHENTICODE, AuthenticodeSigner.unsignedTestPe());
        Path pe = Files.write(tmp.resolve("signed.exe"), r.signedFile());
        Path ca = Files.writeString(tmp.resolve("ca.pem"), FormatSignersTestResource.codeSigningCert);
        ExternalTool.Result v = ExternalTool.run(List.of(ossl, "verify", "-CAfile", ca.toString(), "-in",
                pe.toString()));
        assertEquals(0, v.exitCode(), v.output());
    }
}
