package dev.signet.autograph.signer.gpg2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.ExternalTool;
import dev.signet.autograph.config.SignerEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys as operators export them from GnuPG (as in Autograph's {@code pgpsubkey}): a certify-only primary key
 * whose secret part is a stub, and a passphrase-protected RSA, Ed25519 or ECDSA P-384 signing subkey named by {@code keyid}.
 */
class GpgExportedKeyTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"rsa3072", "ed25519", "nistp384/ecdsa"})
    void signsWithAGpgExportedSigningSubkey(String algorithm) throws Exception {
        String gpg = ExternalTool.require("gpg", "gnupg");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        try {
            signWithSubkey(gpg, home, algorithm);
        } finally {
            ExternalTool.run(List.of("gpgconf", "--homedir", home.toString(), "--kill", "all"));
        }
    }

    private void signWithSubkey(String gpg, Path home, String algorithm) throws Exception {
        String pass = "test-only-subkey-pass";
        List<String> base = List.of(gpg, "--homedir", home.toString(), "--batch", "--pinentry-mode", "loopback",
                "--passphrase", pass);
        run(concat(base, "--quick-gen-key", "Signet TEST-ONLY subkey <test-only@signet.invalid>", "ed25519", "cert",
                "never"));
        String primary = fingerprints(gpg, home).get(0);
        run(concat(base, "--quick-add-key", primary, algorithm, "sign", "never"));
        String subkey = fingerprints(gpg, home).get(1);
        String secret = run(concat(base, "--armor", "--export-secret-subkeys", subkey + "!"));
        String pub = run(List.of(gpg, "--homedir", home.toString(), "--batch", "--armor", "--export", primary));

        Gpg2Signer s = Gpg2Factory.create(new SignerEntry("pgpsubkey", "gpg2", null, secret, pub, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, subkey, pass));
        byte[] data = "signed by a subkey".getBytes(StandardCharsets.UTF_8);
        Path sig = Files.writeString(tmp.resolve("data.asc"), s.signData(data, Map.of()));
        Path file = Files.write(tmp.resolve("data"), data);
        ExternalTool.Result r = ExternalTool.run(List.of(gpg, "--homedir", home.toString(), "--batch", "--status-fd",
                "1", "--verify", sig.toString(), file.toString()));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("[GNUPG:] VALIDSIG " + subkey), r.output());
    }

    private static List<String> fingerprints(String gpg, Path home) {
        return run(List.of(gpg, "--homedir", home.toString(), "--batch", "--with-colons", "--list-keys")).lines()
                .filter(l -> l.startsWith("fpr:")).map(l -> l.split(":")[9]).toList();
    }

    private static List<String> concat(List<String> base, String... more) {
        return java.util.stream.Stream.concat(base.stream(), java.util.Arrays.stream(more)).toList();
    }

    private static String run(List<String> cmd) {
        ExternalTool.Result r = ExternalTool.run(cmd);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + "\n" + r.output());
        }
        return r.output();
    }
}
