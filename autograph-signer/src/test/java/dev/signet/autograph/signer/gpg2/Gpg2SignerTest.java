package dev.signet.autograph.signer.gpg2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.ExternalTool;
import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.signer.MultipleFileSigner;
import dev.signet.autograph.signer.NamedFile;
import dev.signet.autograph.signer.SignerException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gpg2SignerTest {

    static TestOpenPgp key;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() {
        key = TestOpenPgp.generate("test-only passphrase");
    }

    static SignerEntry entry(String id, String mode, String keyid, String passphrase) {
        return new SignerEntry(id, "gpg2", mode, key.armoredSecret(), key.armoredPublic(), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, keyid, passphrase);
    }

    static Gpg2Signer signer(String mode) {
        return Gpg2Factory.create(entry("pgp", mode, "0x" + key.fingerprint(), key.passphrase()));
    }

    @Test
    void detachedSignatureVerifiesWithGpgAndGpgvAndTamperedDataFails() throws Exception {
        GpgVerifier gpg = new GpgVerifier(tmp, key.binaryPublic());
        Gpg2Signer s = signer(null);
        assertEquals("gpg2", s.mode());
        assertTrue(s.publicKey().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        byte[] data = "binary\u0000data\r\nwith CRLF and trailing blanks  \n".getBytes(StandardCharsets.UTF_8);
        String sig = s.signData(data, Map.of());
        assertTrue(sig.startsWith("-----BEGIN PGP SIGNATURE-----\n"), sig);
        Path sigFile = Files.writeString(tmp.resolve("data.asc"), sig);
        Path dataFile = Files.write(tmp.resolve("data"), data);

        ExternalTool.Result verified = gpg.gpgVerify(sigFile, dataFile);
        assertEquals(0, verified.exitCode(), verified.output());
        assertTrue(verified.output().contains("[GNUPG:] VALIDSIG " + key.fingerprint()), verified.output());
        ExternalTool.Result gpgv = gpg.gpgv(sigFile, dataFile);
        assertEquals(0, gpgv.exitCode(), gpgv.output());
        assertTrue(gpgv.output().contains("[GNUPG:] GOODSIG"), gpgv.output());

        data[0] ^= 1;
        Files.write(dataFile, data);
        ExternalTool.Result tampered = gpg.gpgVerify(sigFile, dataFile);
        assertNotEquals(0, tampered.exitCode(), tampered.output());
        assertTrue(tampered.output().contains("[GNUPG:] BADSIG"), tampered.output());
        assertNotEquals(0, gpg.gpgv(sigFile, dataFile).exitCode());
    }

    @Test
    void signsConcurrentlyWithoutALock() throws Exception {
        Gpg2Signer s = signer("gpg2");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> sigs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                byte[] input = ("input " + i).getBytes(StandardCharsets.UTF_8);
                sigs.add(pool.submit(() -> s.signData(input, Map.of())));
            }
            for (Future<String> f : sigs) {
                assertTrue(f.get().contains("-----END PGP SIGNATURE-----"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static final String ORIG = "signet-test_1.0.orig.tar.gz";
    static final String DSC = "signet-test_1.0-1.dsc";
    static final String BUILDINFO = "signet-test_1.0-1_amd64.buildinfo";
    static final String CHANGES = "signet-test_1.0-1_amd64.changes";
    static final byte[] ORIG_CONTENT = "TEST-ONLY upstream tarball stand-in".getBytes(StandardCharsets.UTF_8);

    static String dsc() {
        return """
                Format: 3.0 (quilt)
                Source: signet-test
                Binary: signet-test
                Architecture: all
                Version: 1.0-1
                Maintainer: Signet TEST-ONLY <test-only@signet.invalid>
                Standards-Version: 4.6.2
                """ + checksums(Map.of(ORIG, ORIG_CONTENT), false);
    }

    static String buildinfo() {
        // A line that looks like armor and trailing blanks: must be dash-escaped and canonicalised correctly.
        return """
                Format: 1.0
                Source: signet-test
                Binary: signet-test
                Architecture: all
                Version: 1.0-1
                Build-Origin: Debian \t
                Installed-Build-Depends:
                 dpkg (= 1.21.22)
                -----BEGIN PGP SIGNATURE-----
                """;
    }

    static String changes(byte[] dsc, byte[] buildinfo) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put(DSC, dsc);
        files.put(ORIG, ORIG_CONTENT);
        files.put(BUILDINFO, buildinfo);
        return """
                Format: 1.8
                Date: Mon, 23 Nov 2026 12:00:00 +0000
                Source: signet-test
                Binary: signet-test
                Architecture: source all
                Version: 1.0-1
                Distribution: unstable
                Urgency: medium
                Maintainer: Signet TEST-ONLY <test-only@signet.invalid>
                Changed-By: Signet TEST-ONLY <test-only@signet.invalid>
                Description:
                 signet-test - TEST-ONLY package
                Changes:
                 signet-test (1.0-1) unstable; urgency=medium
                 .
                   * Initial release.
                """ + checksums(files, true);
    }

    static String checksums(Map<String, byte[]> files, boolean sectionPriority) {
        StringBuilder b = new StringBuilder();
        for (String[] field : new String[][] {{"Checksums-Sha1", "SHA-1"}, {"Checksums-Sha256", "SHA-256"},
            {"Files", "MD5"}}) {
            b.append(field[0]).append(":\n");
            files.forEach((name, content) -> b.append(' ').append(hex(field[1], content)).append(' ')
                    .append(content.length).append(sectionPriority && field[0].equals("Files") ? " misc optional" : "")
                    .append(' ').append(name).append('\n'));
        }
        return b.toString();
    }

    static String hex(String alg, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void debsignClearSignsAndUpdatesChangesChecksumsVerifiedByGpgAndGpgv() throws Exception {
        GpgVerifier gpg = new GpgVerifier(tmp, key.binaryPublic());
        Gpg2Signer s = signer("debsign");
        assertEquals("debsign", s.mode());
        MultipleFileSigner debsign = assertInstanceOf(MultipleFileSigner.class, s);
        byte[] dsc = dsc().getBytes(StandardCharsets.UTF_8);
        byte[] buildinfo = buildinfo().getBytes(StandardCharsets.UTF_8);
        List<NamedFile> signed = debsign.signFiles(List.of(
                new NamedFile(CHANGES, changes(dsc, buildinfo).getBytes(StandardCharsets.UTF_8)),
                new NamedFile(DSC, dsc), new NamedFile(BUILDINFO, buildinfo)), Map.of());

        assertEquals(List.of(CHANGES, DSC, BUILDINFO), signed.stream().map(NamedFile::name).toList());
        for (NamedFile f : signed) {
            Path file = Files.write(tmp.resolve(f.name()), f.content());
            String text = new String(f.content(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"), text);
            ExternalTool.Result verified = gpg.gpgVerify(file);
            assertEquals(0, verified.exitCode(), f.name() + "\n" + verified.output());
            assertTrue(verified.output().contains("[GNUPG:] VALIDSIG " + key.fingerprint()), verified.output());
            ExternalTool.Result gpgv = gpg.gpgv(file);
            assertEquals(0, gpgv.exitCode(), f.name() + "\n" + gpgv.output());
        }
        String signedBuildinfo = new String(signed.get(2).content(), StandardCharsets.UTF_8);
        assertTrue(signedBuildinfo.contains("\n- -----BEGIN PGP SIGNATURE-----\n"), signedBuildinfo);

        // The .changes now lists the re-signed .dsc and .buildinfo by their signed bytes; the tarball is unchanged.
        String changes = new String(signed.get(0).content(), StandardCharsets.UTF_8);
        for (String[] f : new String[][] {{"SHA-1", ""}, {"SHA-256", ""}, {"MD5", " misc optional"}}) {
            assertTrue(changes.contains(" " + hex(f[0], signed.get(1).content()) + " " + signed.get(1).content().length
                    + f[1] + " " + DSC + "\n"), f[0] + " of the signed .dsc\n" + changes);
            assertTrue(changes.contains(" " + hex(f[0], signed.get(2).content()) + " " + signed.get(2).content().length
                    + f[1] + " " + BUILDINFO + "\n"), f[0] + " of the signed .buildinfo\n" + changes);
            assertTrue(changes.contains(" " + hex(f[0], ORIG_CONTENT) + " " + ORIG_CONTENT.length + f[1] + " " + ORIG
                    + "\n"), changes);
        }

        // A tampered copy fails both verifiers.
        Path tampered = Files.writeString(tmp.resolve("tampered.dsc"),
                new String(signed.get(1).content(), StandardCharsets.UTF_8).replace("Version: 1.0-1", "Version: 1.0-2"));
        ExternalTool.Result bad = gpg.gpgVerify(tampered);
        assertNotEquals(0, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("[GNUPG:] BADSIG"), bad.output());
        assertNotEquals(0, gpg.gpgv(tampered).exitCode());
    }

    @Test
    void reSigningReplacesTheExistingSignature() throws Exception {
        GpgVerifier gpg = new GpgVerifier(tmp, key.binaryPublic());
        MultipleFileSigner debsign = (MultipleFileSigner) signer("debsign");
        byte[] once = debsign.signFiles(List.of(new NamedFile(DSC, dsc().getBytes(StandardCharsets.UTF_8))), Map.of())
                .get(0).content();
        byte[] twice = debsign.signFiles(List.of(new NamedFile(DSC, once)), Map.of()).get(0).content();
        String text = new String(twice, StandardCharsets.UTF_8);
        assertEquals(1, text.split("BEGIN PGP SIGNED MESSAGE", -1).length - 1, text);
        assertEquals(1, text.split("BEGIN PGP SIGNATURE", -1).length - 1, text);
        assertTrue(text.contains("\n\n" + dsc()), text);
        assertEquals(0, gpg.gpgv(Files.write(tmp.resolve(DSC), twice)).exitCode());
    }

    @Test
    void debsignRefusesOtherFilesAndArbitraryData() throws Exception {
        Gpg2Signer s = signer("debsign");
        MultipleFileSigner debsign = (MultipleFileSigner) s;
        SignerException e = assertThrows(SignerException.class, () -> debsign.signFiles(
                List.of(new NamedFile("pkg.deb", new byte[] {1})), Map.of()));
        assertTrue(e.isBadInput());
        assertThrows(SignerException.class, () -> debsign.signFiles(
                List.of(new NamedFile("a.dsc", new byte[] {(byte) 0xff, (byte) 0xfe})), Map.of()));
        assertThrows(SignerException.class, () -> s.signData("hello".getBytes(StandardCharsets.UTF_8), Map.of()));
        assertTrue(s.signData(Gpg2Signer.MONITOR_INPUT, Map.of()).startsWith("-----BEGIN PGP SIGNATURE-----"));
        assertTrue(!(signer("gpg2") instanceof MultipleFileSigner));
    }

    @Test
    void badConfigurationIsRefusedWithPrefixedMessages() {
        Gpg2Factory factory = new Gpg2Factory();
        KeySources none = new KeySources(List.of());
        String fpr = key.fingerprint();
        assertRefused(factory, none, entry("g", null, null, key.passphrase()), "keyid is required");
        assertRefused(factory, none, entry("g", null, "DEADBEEFDEADBEEF", key.passphrase()), "no key with keyid");
        assertRefused(factory, none, entry("g", null, "xyz", key.passphrase()), "not a hex key id");
        assertRefused(factory, none, entry("g", null, fpr, "wrong"), "cannot unlock");
        assertRefused(factory, none, entry("g", null, fpr, null), "cannot unlock");
        assertRefused(factory, none, entry("g", "rpmsign", fpr, key.passphrase()), "not supported");
        TestOpenPgp other = TestOpenPgp.generate("x");
        assertRefused(factory, none, new SignerEntry("g", "gpg2", null, key.armoredSecret(), other.armoredPublic(),
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, fpr, key.passphrase()),
                "publickey: no key with keyid");
        // The long key id (last 16 hex digits of the fingerprint) works too.
        assertEquals("pgp", Gpg2Factory.create(entry("pgp", null, fpr.substring(24), key.passphrase())).id());
    }

    static void assertRefused(Gpg2Factory factory, KeySources keys, SignerEntry entry, String message) {
        SignerConfigException e = assertThrows(SignerConfigException.class, () -> factory.create(entry, keys));
        assertTrue(e.getMessage().startsWith("signer \"g\" (gpg2): "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
