package dev.signet.autograph.signer.genericrsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.TestKeys;
import dev.signet.autograph.keys.PemKeySource;
import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.SignerException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenericRsaSignerTest {

    static final byte[] INPUT = "AUTOGRAPH GENERIC RSA TEST INPUT".getBytes(StandardCharsets.UTF_8);
    static KeyPair kp;

    @TempDir
    Path tmp;

    @BeforeAll
    static void key() {
        kp = TestKeys.rsa(2048);
    }

    static GenericRsaSigner signer(String mode, String hash, int salt, String provider) {
        return new GenericRsaSigner("rsa", new SigningKey(kp.getPrivate(), kp.getPublic(),
                PemKeySource.softwareProvider(provider)), RsaOptions.parse(mode, hash, salt));
    }

    /**
     * Verified by openssl; saltlen as openssl names it (-1 = digest length; explicit numbers otherwise).
     */
    @ParameterizedTest
    @CsvSource({"pss, sha256, -1, 32, BC", "pss, sha1, -1, 20, BC", "pss, sha256, 0, 222, BC",
        "pss, sha256, 16, 16, JDK", "pkcs15, sha1, 0, 0, BC", "pkcs15, sha256, 0, 0, JDK",
        "pss, sha256, -1, 32, ACCP", "pkcs15, sha256, 0, 0, ACCP", "pss, sha1, -1, 20, ACCP",
        "pss, sha256, 0, 222, ACCP", "pss, sha256, 16, 16, ACCP", "pkcs15, sha1, 0, 0, ACCP"})
    void dataAndHashSignaturesVerifyWithOpenssl(String mode, String hash, int salt, int opensslSalt, String provider)
            throws Exception {
        GenericRsaSigner s = signer(mode, hash, salt, provider);
        assertEquals(mode, s.mode());
        String sig = s.signData(INPUT, Map.of());
        assertTrue(s.verifyData(INPUT, sig));
        assertOpensslVerifies(mode, hash, opensslSalt, sig);

        byte[] digest = MessageDigest.getInstance(hash.equals("sha1") ? "SHA-1" : "SHA-256").digest(INPUT);
        String hashSig = s.signHash(digest, Map.of());
        assertTrue(s.verifyData(INPUT, hashSig));
        assertOpensslVerifies(mode, hash, opensslSalt, hashSig);
    }

    void assertOpensslVerifies(String mode, String hash, int salt, String sig) throws Exception {
        Path pub = Files.writeString(tmp.resolve("pub.pem"), TestKeys.publicPem(kp));
        Path sigFile = Files.write(tmp.resolve("sig.bin"), Base64.getDecoder().decode(sig));
        Path data = Files.write(tmp.resolve("data.bin"), INPUT);
        List<String> cmd = new ArrayList<>(List.of("openssl", "dgst", "-" + hash, "-verify", pub.toString(),
                "-signature", sigFile.toString()));
        if (mode.equals("pss")) {
            cmd.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:" + salt));
        }
        cmd.add(data.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }

    @Test
    void signerOptsEchoAutograph() {
        assertEquals(Map.of("SaltLength", -1, "Hash", 5), signer("pss", "sha256", -1, "BC").signerOpts());
        assertEquals(Map.of("SaltLength", -1, "Hash", 3), signer("pss", "sha1", -1, "BC").signerOpts());
        assertEquals(Map.of("Hash", 3), signer("pkcs15", "sha1", 0, "BC").signerOpts());
    }

    @Test
    void refusesWrongDigestLengthAndBadConfig() {
        SignerException e = assertThrows(SignerException.class,
                () -> signer("pss", "sha256", -1, "BC").signHash(new byte[20], Map.of()));
        assertTrue(e.isBadInput());
        assertThrows(IllegalArgumentException.class, () -> RsaOptions.parse("pkcs15", "sha1", 8));
        assertThrows(IllegalArgumentException.class, () -> RsaOptions.parse("pss", "md5", 0));
        assertThrows(IllegalArgumentException.class, () -> RsaOptions.parse(null, "sha1", 0));
        assertThrows(IllegalArgumentException.class, () -> new GenericRsaSigner("x", new SigningKey(
                TestKeys.ec("secp256r1").getPrivate(), TestKeys.ec("secp256r1").getPublic(), null),
                RsaOptions.parse("pss", "sha1", 0)));
    }
}
