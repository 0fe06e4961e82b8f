package dev.signet.monitor.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.model.signer.SignatureResponse;
import dev.signet.monitor.TestCa;
import dev.signet.monitor.TestPki;
import dev.signet.monitor.Tools;
import dev.signet.monitor.chain.ChainVerifier;
import dev.signet.monitor.chain.PinnedRoots;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifiers accept signatures made by other implementations — openssl for CMS, ECDSA and RSA-PSS, gpg for
 * OpenPGP — over the monitoring input, and refuse them for any other input: what they check is the format, not
 * our signer's habits.
 */
class IndependentSignaturesTest {

    static final byte[] INPUT = "AUTOGRAPH MONITORING".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER = "AUTOGRAPH MONITORINH".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void xpiAcceptsAnOpensslCmsDetachedSignature() throws Exception {
        Tools.require("openssl", "openssl");
        TestCa root = TestCa.root("TEST-ONLY openssl root");
        TestCa inter = root.intermediate("TEST-ONLY openssl intermediate", "secp384r1", TestPki.inDays(365));
        KeyPair leafKey = TestPki.ec("secp256r1");
        X509Certificate leaf = inter.leaf("TEST-ONLY openssl signer", leafKey.getPublic(), TestPki.inDays(30));
        Files.writeString(dir.resolve("leaf.pem"), TestPki.pem(leaf));
        Files.writeString(dir.resolve("leaf.key"), TestPki.pkcs8(leafKey.getPrivate()));
        Files.writeString(dir.resolve("inter.pem"), inter.pem());
        Files.write(dir.resolve("sf"), INPUT);
        Tools.run(dir, "openssl", "cms", "-sign", "-binary", "-md", "sha256", "-in", "sf", "-signer", "leaf.pem",
                "-inkey", "leaf.key", "-certfile", "inter.pem", "-outform", "DER", "-out", "rsa");
        SignatureResponse r = response("xpi", "", Base64.getEncoder().encodeToString(
                Files.readAllBytes(dir.resolve("rsa"))), Map.of());
        ChainVerifier pinned = new ChainVerifier(new PinnedRoots(List.of(root.cert())), Clock.systemUTC());

        Verified v = new XpiVerifier(INPUT, pinned).verify(r);
        assertTrue(v.what().startsWith("PKCS#7 (SHA256) verified; chain to pinned root"), v.what());
        assertEquals(leaf.getNotAfter().toInstant(), v.soonestExpiry());
        VerificationException e = assertThrows(VerificationException.class,
                () -> new XpiVerifier(OTHER, pinned).verify(r));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    @Test
    void contentSignatureAcceptsAnOpensslEcdsaSignatureOverTheTemplatedInput() throws Exception {
        Tools.require("openssl", "openssl");
        KeyPair key = TestPki.ec("secp384r1");
        Files.writeString(dir.resolve("key.pem"), TestPki.pkcs8(key.getPrivate()));
        ByteArrayOutputStream templated = new ByteArrayOutputStream();
        templated.writeBytes("Content-Signature:\0".getBytes(StandardCharsets.US_ASCII));
        templated.writeBytes(INPUT);
        Files.write(dir.resolve("data"), templated.toByteArray());
        Tools.run(dir, "openssl", "dgst", "-sha384", "-sign", "key.pem", "-out", "sig.der", "data");
        ASN1Sequence der = ASN1Sequence.getInstance(Files.readAllBytes(dir.resolve("sig.der")));
        byte[] raw = new byte[96];
        fixed(ASN1Integer.getInstance(der.getObjectAt(0)).getValue(), raw, 0);
        fixed(ASN1Integer.getInstance(der.getObjectAt(1)).getValue(), raw, 48);
        SignatureResponse r = new SignatureResponse("r", "contentsignature", "p384ecdsa", "cs",
                Base64.getEncoder().encodeToString(key.getPublic().getEncoded()),
                Base64.getUrlEncoder().withoutPadding().encodeToString(raw), null, null, null, null);

        Verified v = new ContentSignatureVerifier(INPUT, false, null, null).verify(r);
        assertEquals("signature verified with public_key (no x5u)", v.what());
        assertNull(v.soonestExpiry());
        assertThrows(VerificationException.class, () -> new ContentSignatureVerifier(OTHER, false, null, null)
                .verify(r));
    }

    @Test
    void genericRsaAcceptsAnOpensslPssSignatureWithTheHashLengthSalt() throws Exception {
        Tools.require("openssl", "openssl");
        KeyPair key = TestPki.rsa(2048);
        Files.writeString(dir.resolve("key.pem"), TestPki.pkcs8(key.getPrivate()));
        Files.write(dir.resolve("data"), INPUT);
        Tools.run(dir, "openssl", "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt",
                "rsa_pss_saltlen:-1", "-sign", "key.pem", "-out", "sig", "data");
        SignatureResponse r = new SignatureResponse("r", "genericrsa", "pss", "rsa",
                Base64.getEncoder().encodeToString(key.getPublic().getEncoded()),
                Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("sig"))), null, null, null,
                Map.of("SaltLength", -1, "Hash", 5));

        assertEquals("RSA-PSS SHA-256 salt 32 signature verified with public_key",
                new GenericRsaVerifier(INPUT).verify(r).what());
        assertThrows(VerificationException.class, () -> new GenericRsaVerifier(OTHER).verify(r));
    }

    @Test
    void gpg2AcceptsADetachedSignatureMadeByGpg() throws Exception {
        Tools.require("gpg", "gnupg");
        Path home = Files.createDirectories(dir.resolve("g"));
        Files.write(dir.resolve("data"), INPUT);
        try {
            Tools.run(dir, "gpg", "--homedir", home.toString(), "--batch", "--pinentry-mode", "loopback",
                    "--passphrase", "", "--quick-gen-key", "Signet monitor TEST-ONLY <test-only@signet.invalid>",
                    "rsa2048", "sign", "never");
            Tools.run(dir, "gpg", "--homedir", home.toString(), "--batch", "--armor", "--detach-sign", "--output",
                    "data.asc", "data");
            String pub = Tools.run(dir, "gpg", "--homedir", home.toString(), "--batch", "--armor", "--export");
            SignatureResponse r = new SignatureResponse("r", "gpg2", "gpg2", "gpg", pub,
                    Files.readString(dir.resolve("data.asc")), null, null, null, null);

            assertTrue(new Gpg2Verifier(INPUT).verify(r).what().startsWith("OpenPGP signature verified with key "));
            VerificationException e = assertThrows(VerificationException.class,
                    () -> new Gpg2Verifier(OTHER).verify(r));
            assertTrue(e.getMessage().startsWith("the OpenPGP signature does not verify"), e.getMessage());
        } finally {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all").start().waitFor();
        }
    }

    private static SignatureResponse response(String type, String mode, String signature, Map<String, Object> o) {
        return new SignatureResponse("r", type, mode, "id", "", signature, null, null, null, o);
    }

    private static void fixed(BigInteger n, byte[] out, int offset) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, 48);
        System.arraycopy(b, b.length - len, out, offset + 48 - len, len);
    }
}
