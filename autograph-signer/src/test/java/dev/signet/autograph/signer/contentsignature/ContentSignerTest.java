package dev.signet.autograph.signer.contentsignature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.TestKeys;
import dev.signet.autograph.keys.PemKeySource;
import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.SignerException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentSignerTest {

    static final byte[] INPUT = "foobarbaz1234abcd".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    static ContentSigner signer(KeyPair kp, String provider) {
        return new ContentSigner("test", new SigningKey(kp.getPrivate(), kp.getPublic(),
                PemKeySource.softwareProvider(provider)), null);
    }

    static byte[] templated(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Content-Signature:\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(input);
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"secp256r1, p256ecdsa, SHA256withECDSA, 64, BC", "secp384r1, p384ecdsa, SHA384withECDSA, 96, BC",
        "secp521r1, p521ecdsa, SHA512withECDSA, 132, BC", "secp384r1, p384ecdsa, SHA384withECDSA, 96, JDK",
        "secp256r1, p256ecdsa, SHA256withECDSA, 64, ACCP", "secp384r1, p384ecdsa, SHA384withECDSA, 96, ACCP",
        "secp521r1, p521ecdsa, SHA512withECDSA, 132, ACCP", "secp384r1, p384ecdsa, SHA384withECDSA, 96, auto"})
    void signaturesVerifyWithTheJdk(String curve, String mode, String jdkAlg, int rawLength, String provider)
            throws Exception {
        KeyPair kp = TestKeys.ec(curve);
        ContentSigner s = signer(kp, provider);
        assertEquals(mode, s.mode());
        assertEquals(Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()), s.publicKey());

        String sig = s.signData(INPUT, Map.of());
        assertFalse(sig.contains("=") || sig.contains("+") || sig.contains("/"), "base64url without padding");
        byte[] rs = Base64.getUrlDecoder().decode(sig);
        assertEquals(rawLength, rs.length);

        Signature v = Signature.getInstance(jdkAlg);
        v.initVerify(kp.getPublic());
        v.update(templated(INPUT));
        assertTrue(v.verify(Ecdsa.p1363ToDer(rs)));
        assertTrue(s.verifyData(INPUT, sig));
        assertFalse(s.verifyData("another input!".getBytes(StandardCharsets.UTF_8), sig));
    }

    @Test
    void signHashTakesTheTemplatedDigest() throws Exception {
        KeyPair kp = TestKeys.ec("secp384r1");
        ContentSigner s = signer(kp, "BC");
        byte[] digest = MessageDigest.getInstance("SHA-384").digest(templated(INPUT));
        assertTrue(s.verifyData(INPUT, s.signHash(digest, Map.of())));
    }

    @Test
    void refusesShortInputAndWrongDigestLength() {
        ContentSigner s = signer(TestKeys.ec("secp384r1"), "BC");
        SignerException shortInput = assertThrows(SignerException.class,
                () -> s.signData("123456789".getBytes(StandardCharsets.UTF_8), Map.of()));
        assertTrue(shortInput.isBadInput());
        SignerException wrongLength = assertThrows(SignerException.class, () -> s.signHash(new byte[20], Map.of()));
        assertTrue(wrongLength.isBadInput());
        assertTrue(wrongLength.getMessage().contains("expected 32, 48 or 64"), wrongLength.getMessage());
    }

    /** Autograph's client documents a SHA-256 digest for its P-384 key; ECDSA defines how other lengths are used. */
    @Test
    void signsDigestsOfEveryShaTwoLengthOnEveryCurve() throws Exception {
        for (String curve : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            KeyPair pair = TestKeys.ec(curve);
            ContentSigner s = signer(pair, "BC");
            for (String hash : new String[] {"SHA-256", "SHA-384", "SHA-512"}) {
                byte[] digest = MessageDigest.getInstance(hash).digest(INPUT);
                byte[] rs = Base64.getUrlDecoder().decode(s.signHash(digest, Map.of()));
                Signature jdk = Signature.getInstance("NONEwithECDSAinP1363Format", "SunEC");
                jdk.initVerify(pair.getPublic());
                jdk.update(digest);
                assertTrue(jdk.verify(rs), curve + " with a " + hash + " digest");
            }
        }
    }

    @Test
    void refusesNonEcKeys() {
        KeyPair rsa = TestKeys.rsa(2048);
        assertThrows(IllegalArgumentException.class, () -> signer(rsa, "BC"));
    }

    @Test
    void refusesMismatchedKeyPair() {
        KeyPair a = TestKeys.ec("secp384r1");
        KeyPair b = TestKeys.ec("secp384r1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ContentSigner("x",
                new SigningKey(a.getPrivate(), b.getPublic(), null), null));
        assertTrue(e.getMessage().contains("self-test"), e.getMessage());
    }

    /** Autograph's interop vector (verifier/contentsignature/verifier_test.go: TestVerify). */
    @Test
    void autographVectorVerifies() throws Exception {
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(
                "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE7oM/ewOhz6qtHyQhqJvT3SiefGPWqGwEUAZGVkuSIwvteVKrd8jnAjHYyCaYpIg9Vo10Wn"
                + "hXvm96L3KAbOE6Cyu3fMtKhZZIMf+Qqes9+66ae/NTeIWlDiGrjNeD+ClM")));
        String sig = "qGjS1QmB2xANizjJqrGmIPoojzjBrTV5kgi01p1ELnfKwH4E3UDTZRf-9K7PCEwjt0mOzd1bBmRBKcnWZNFAMvAduBwfAPHFG"
                + "pX-YKBoRSLHuA6QuiosEydnZEs5ykAR";
        assertEquals("de26bbd0ca62d01c25da2bdf4cc9e3a74b2febde46a1fefc80f3c5551ba43d82d68af4f4daf51141848667b34412ecdb",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384").digest(templated(INPUT))));
        Signature v = Signature.getInstance("SHA384withECDSA");
        v.initVerify(key);
        v.update(templated(INPUT));
        assertTrue(v.verify(Ecdsa.p1363ToDer(Base64.getUrlDecoder().decode(sig))));
    }

    @Test
    void derAndP1363RoundTrip() {
        byte[] rs = new byte[96];
        rs[0] = 0;
        rs[47] = 1;
        rs[48] = (byte) 0x80;
        rs[95] = 2;
        assertArrayEquals(rs, Ecdsa.derToP1363(Ecdsa.p1363ToDer(rs), 48));
    }

    @ParameterizedTest
    @CsvSource({"secp256r1, -sha256, BC", "secp384r1, -sha384, BC", "secp521r1, -sha512, BC",
        "secp384r1, -sha384, ACCP", "secp384r1, -sha384, JDK"})
    void signaturesVerifyWithOpenssl(String curve, String digestFlag, String provider) throws Exception {
        KeyPair kp = TestKeys.ec(curve);
        ContentSigner s = signer(kp, provider);
        byte[] rs = Base64.getUrlDecoder().decode(s.signData(INPUT, Map.of()));
        Path pub = Files.writeString(tmp.resolve("pub.pem"), TestKeys.publicPem(kp));
        Path sig = Files.write(tmp.resolve("sig.der"), Ecdsa.p1363ToDer(rs));
        Path data = Files.write(tmp.resolve("data.bin"), templated(INPUT));
        Process p = new ProcessBuilder("openssl", "dgst", digestFlag, "-verify", pub.toString(), "-signature",
                sig.toString(), data.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Verified OK"), out);
    }
}
