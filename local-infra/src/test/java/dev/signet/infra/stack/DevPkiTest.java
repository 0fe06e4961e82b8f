package dev.signet.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev PKI checked by OpenSSL: a code-signing CA chain that verifies to its root. */
class DevPkiTest {

    @TempDir
    Path dir;

    @Test
    void intermediateVerifiesToTheRootAsACodeSigningCa() throws Exception {
        requireOpenssl();
        DevPki pki = DevPki.generate("test");
        Path root = Files.writeString(dir.resolve("root.pem"), pki.rootPem());
        Path inter = Files.writeString(dir.resolve("inter.pem"), pki.intermediatePem());
        Files.writeString(dir.resolve("inter.key"), pki.intermediateKeyPem());
        assertTrue(pki.intermediateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");

        Process verify = new ProcessBuilder("openssl", "verify", "-x509_strict", "-purpose", "any",
                "-CAfile", root.toString(), inter.toString()).redirectErrorStream(true).start();
        assertTrue(verify.waitFor(30, TimeUnit.SECONDS));
        String out = new String(verify.getInputStream().readAllBytes());
        assertEquals(0, verify.exitValue(), out);

        Process text = new ProcessBuilder("openssl", "x509", "-noout", "-text", "-in", inter.toString())
                .redirectErrorStream(true).start();
        String dump = new String(text.getInputStream().readAllBytes());
        assertTrue(dump.contains("CA:TRUE"), dump);
        assertTrue(dump.contains("Certificate Sign"), dump);
        assertTrue(dump.contains("Code Signing"), dump);
    }

    /** May skip on a developer's box without openssl; with CI=true a missing tool is a failure. */
    static void requireOpenssl() {
        boolean present;
        try {
            present = new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("openssl is required with CI=true");
        }
        Assumptions.assumeTrue(present, "openssl not installed");
    }
}
