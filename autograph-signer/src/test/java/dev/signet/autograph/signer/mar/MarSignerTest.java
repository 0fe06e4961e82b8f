package dev.signet.autograph.signer.mar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.ExternalTool;
import dev.signet.autograph.TestKeys;
import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.PemKeySource;
import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.SignerException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarSignerTest {

    @TempDir
    Path tmp;

    static final byte[] UPDATE_MANIFEST = "type \"complete\"\nadd \"precomplete\"\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] PRECOMPLETE = "remove \"old.dll\"\n".getBytes(StandardCharsets.UTF_8);

    /**
     * A 2012-layout MAR written by hand from the format description (independently of {@link MarFile}), with
     * a stale signature that must be dropped and a product information block that must be kept.
     */
    static byte[] modernMar() {
        byte[] staleSig = new byte[256];
        Arrays.fill(staleSig, (byte) 0x5a);
        byte[] productInfo = "release\0131.0\0".getBytes(StandardCharsets.US_ASCII);
        int header = 4 + 4 + 8 + 4 + 8 + staleSig.length + 4 + 8 + productInfo.length;
        ByteArrayOutputStream index = new ByteArrayOutputStream();
        int offset = header;
        for (Object[] e : new Object[][] {{"updatev3.manifest", UPDATE_MANIFEST}, {"precomplete", PRECOMPLETE}}) {
            byte[] content = (byte[]) e[1];
            index.writeBytes(ByteBuffer.allocate(12).putInt(offset).putInt(content.length).putInt(0644).array());
            index.writeBytes(((String) e[0] + "\0").getBytes(StandardCharsets.US_ASCII));
            offset += content.length;
        }
        int indexOffset = offset;
        long size = indexOffset + 4L + index.size();
        ByteBuffer b = ByteBuffer.allocate((int) size);
        b.put("MAR1".getBytes(StandardCharsets.US_ASCII)).putInt(indexOffset).putLong(size);
        b.putInt(1).putInt(1).putInt(staleSig.length).put(staleSig);
        b.putInt(1).putInt(8 + productInfo.length).putInt(1).put(productInfo);
        b.put(UPDATE_MANIFEST).put(PRECOMPLETE);
        b.putInt(index.size()).put(index.toByteArray());
        return b.array();
    }

    /** A 2005-layout MAR: no size, signatures or additional sections; content starts at byte 8. */
    static byte[] oldMar() {
        byte[] name = "updatev3.manifest\0".getBytes(StandardCharsets.US_ASCII);
        int indexOffset = 8 + UPDATE_MANIFEST.length;
        ByteBuffer b = ByteBuffer.allocate(indexOffset + 4 + 12 + name.length);
        b.put("MAR1".getBytes(StandardCharsets.US_ASCII)).putInt(indexOffset).put(UPDATE_MANIFEST);
        b.putInt(12 + name.length).putInt(8).putInt(UPDATE_MANIFEST.length).putInt(0644).put(name);
        return b.array();
    }

    /** The signed MAR's signature and signable block, cut out as the MAR spec defines, not by {@link MarFile}. */
    record Cut(int algorithm, byte[] signature, byte[] signable) {
        static Cut of(byte[] mar) {
            ByteBuffer b = ByteBuffer.wrap(mar);
            assertEquals(1, b.getInt(16), "one signature");
            int alg = b.getInt(20);
            int len = b.getInt(24);
            byte[] sig = Arrays.copyOfRange(mar, 28, 28 + len);
            ByteArrayOutputStream signable = new ByteArrayOutputStream();
            signable.write(mar, 0, 28);
            signable.write(mar, 28 + len, mar.length - 28 - len);
            return new Cut(alg, sig, signable.toByteArray());
        }
    }

    static MarSigner signer(KeyPair kp) {
        return new MarSigner("mar", new SigningKey(kp.getPrivate(), kp.getPublic(), PemKeySource.softwareProvider("BC")));
    }

    /** {@code openssl dgst -<hash> -verify}: the independent verifier. ECDSA raw r||s is re-encoded as DER. */
    boolean opensslVerifies(KeyPair kp, String hash, byte[] signature, byte[] data, boolean ecdsa) throws Exception {
        String openssl = ExternalTool.require("openssl", "openssl");
        byte[] sig = signature;
        if (ecdsa) {
            int n = signature.length / 2;
            sig = new DERSequence(new ASN1Integer[] {
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(signature, 0, n))),
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(signature, n, 2 * n)))}).getEncoded();
        }
        Path pub = Files.writeString(tmp.resolve("pub.pem"), TestKeys.publicPem(kp));
        Path sigFile = Files.write(tmp.resolve("sig.bin"), sig);
        Path dataFile = Files.write(tmp.resolve("signable.bin"), data);
        ExternalTool.Result r = ExternalTool.run(List.of(openssl, "dgst", "-" + hash, "-verify", pub.toString(),
                "-signature", sigFile.toString(), dataFile.toString()));
        return r.exitCode() == 0 && r.output().contains("Verified OK");
    }

    @ParameterizedTest
    @CsvSource({"RSA, 2, sha384, 256", "secp256r1, 3, sha256, 64", "secp384r1, 4, sha384, 96"})
    void signsWholeMarsVerifiedWithOpensslAndTamperedFails(String keyType, int alg, String hash, int sigLen)
            throws Exception {
        KeyPair kp = keyType.equals("RSA") ? TestKeys.rsa(2048) : TestKeys.ec(keyType);
        MarSigner s = signer(kp);
        for (byte[] input : List.of(modernMar(), oldMar())) {
            byte[] signed = s.signFile(input, Map.of("sigalg", 1));
            Cut cut = Cut.of(signed);
            assertEquals(alg, cut.algorithm());
            assertEquals(sigLen, cut.signature().length);
            assertTrue(opensslVerifies(kp, hash, cut.signature(), cut.signable(), !keyType.equals("RSA")));

            MarFile parsed = MarFile.parse(signed);
            assertEquals(1, parsed.signatures().size());
            assertArrayEquals(UPDATE_MANIFEST, parsed.entries().get(0).content());
            assertEquals("updatev3.manifest", parsed.entries().get(0).name());
            assertEquals(0644, parsed.entries().get(0).flags());
            byte[] tampered = signed.clone();
            int at = new String(signed, StandardCharsets.ISO_8859_1).indexOf("type \"complete\"");
            tampered[at] ^= 1;
            assertTrue(!opensslVerifies(kp, hash, cut.signature(), Cut.of(tampered).signable(),
                    !keyType.equals("RSA")), "tampered MAR must not verify");
        }
        MarFile modern = MarFile.parse(s.signFile(modernMar(), Map.of()));
        assertEquals(1, modern.sections().size());
        assertEquals(1, modern.sections().get(0).blockId());
        assertEquals(2, modern.entries().size());
        assertArrayEquals(PRECOMPLETE, modern.entries().get(1).content());
    }

    @ParameterizedTest
    @CsvSource({"RSA, 1, sha1", "RSA, 2, sha384", "RSA, , sha384", "secp256r1, 3, sha256", "secp384r1, , sha384"})
    void signsDataAndHashVerifiedWithOpenssl(String keyType, Integer alg, String hash) throws Exception {
        KeyPair kp = keyType.equals("RSA") ? TestKeys.rsa(2048) : TestKeys.ec(keyType);
        MarSigner s = signer(kp);
        Map<String, Object> opts = alg == null ? Map.of() : Map.of("sigalg", alg);
        byte[] block = MarFile.parse(modernMar()).signableBlock();
        boolean ec = !keyType.equals("RSA");
        byte[] sig = Base64.getDecoder().decode(s.signData(block, opts));
        assertTrue(opensslVerifies(kp, hash, sig, block, ec));
        byte[] digest = MessageDigest.getInstance(hash.equals("sha1") ? "SHA-1" : hash.equals("sha256") ? "SHA-256"
                : "SHA-384").digest(block);
        byte[] hashSig = Base64.getDecoder().decode(s.signHash(digest, opts));
        assertTrue(opensslVerifies(kp, hash, hashSig, block, ec));
        block[block.length - 1] ^= 1;
        assertTrue(!opensslVerifies(kp, hash, sig, block, ec));
    }

    @Test
    void refusesBadInputAndBadKeys() {
        MarSigner ec = signer(TestKeys.ec("secp256r1"));
        assertBadInput(() -> ec.signData(new byte[] {1}, Map.of("sigalg", 2)));
        assertBadInput(() -> ec.signData(new byte[] {1}, Map.of("sigalg", 9)));
        assertBadInput(() -> ec.signHash(new byte[20], Map.of()));
        assertBadInput(() -> ec.signFile("not a mar file at all....".getBytes(StandardCharsets.US_ASCII), Map.of()));
        byte[] overlapping = modernMar();
        ByteBuffer.wrap(overlapping).putInt(overlapping.length - 30, 10);
        assertBadInput(() -> ec.signFile(overlapping, Map.of()));
        byte[] truncated = Arrays.copyOf(modernMar(), modernMar().length - 3);
        assertBadInput(() -> ec.signFile(truncated, Map.of()));

        MarFactory f = new MarFactory();
        KeySources keys = new KeySources(List.of(new PemKeySource((java.security.Provider) null)));
        SignerConfigException e = assertThrows(SignerConfigException.class, () -> f.create(entry(
                TestKeys.pkcs8Pem(TestKeys.ec("secp521r1"))), keys));
        assertTrue(e.getMessage().startsWith("signer \"m\" (mar): mar: ECDSA keys must be P-256 or P-384"),
                e.getMessage());
        e = assertThrows(SignerConfigException.class, () -> f.create(entry(TestKeys.pkcs8Pem(TestKeys.rsa(1024))),
                keys));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        assertEquals("m", f.create(entry(TestKeys.pkcs8Pem(TestKeys.rsa(2048))), keys).id());
    }

    static SignerEntry entry(String pem) {
        return new SignerEntry("m", "mar", null, pem, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    interface Call {
        void run() throws SignerException;
    }

    static void assertBadInput(Call call) {
        SignerException e = assertThrows(SignerException.class, call::run);
        assertTrue(e.isBadInput(), e.getMessage());
        assertNotEquals(null, e.getMessage());
    }
}
