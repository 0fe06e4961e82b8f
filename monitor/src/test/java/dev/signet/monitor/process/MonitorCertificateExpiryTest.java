package dev.signet.monitor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.monitor.TestCa;
import dev.signet.monitor.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificates the signer itself holds, near or past their end: an xpi intermediate that expires in 5 days and a
 * contentsignaturepki end entity made for 72 hours warn (exit 1); an xpi intermediate that has expired — the signer
 * keeps signing with it, as Autograph does — fails (exit 2). Each against its own real signer process.
 */
class MonitorCertificateExpiryTest {

    static final Map<String, String> ENV = SignerYaml.MONITOR_ENV;

    static Path work;
    static TestCa root;
    static Path roots;

    @BeforeAll
    static void pki() throws Exception {
        work = ScratchDir.create("monitor-expiry-test");
        root = TestCa.root("monitor TEST-ONLY root");
        roots = Files.writeString(work.resolve("roots.pem"), root.pem());
    }

    @AfterAll
    static void clean() throws Exception {
        ScratchDir.delete(work);
    }

    @Test
    void warnsWhenTheSignersOwnCertificatesExpireSoon() throws Exception {
        TestCa soon = root.intermediate("intermediate expiring soon", "secp256r1", TestPki.inDays(5));
        TestCa inter = root.intermediate("monitor TEST-ONLY intermediate", "secp384r1", TestPki.inDays(1825));
        Path yaml = new SignerYaml()
                .signer("xpi-soon", "xpi", "mode", "add-on", "certificate", soon.pem(), "privatekey", soon.keyPem(),
                        "cacert", root.pem())
                .signer("pki-72h", "contentsignaturepki", "issuerprivkey", inter.keyPem(), "issuercert", inter.pem(),
                        "cacert", root.pem(), "validity", "72h", "domain", "content-signature.test",
                        "chainlocation", work.resolve("chains").toString())
                .write(work.resolve("soon.yaml"), SignerYaml.MONITOR_KEY);
        try (PackagedSigner signer = PackagedSigner.start(work, "soon", yaml)) {
            MonitorCli.Run run = MonitorCli.run(ENV, "--warn-days", "30", "--roots", roots.toString(),
                    signer.url().toString());
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.line("xpi-soon").matches("WARN\\s+xpi-soon\\s+xpi\\s+4d\\s+expires on .*PKCS#7.*"),
                    run::toString);
            assertTrue(run.line("pki-72h").matches("WARN\\s+pki-72h\\s+contentsignaturepki\\s+3d\\s.*"),
                    run::toString);
            assertTrue(run.summary().contains(": 0 OK, 2 WARN, 0 FAIL; soonest expiry in 3 days"), run::toString);

            MonitorCli.Run narrow = MonitorCli.run(ENV, "--warn-days", "2", "--roots", roots.toString(),
                    signer.url().toString());
            assertEquals(0, narrow.exitCode(), narrow::toString);
        }
    }

    @Test
    void failsWhenTheXpiIntermediateHasExpired() throws Exception {
        TestCa expired = root.intermediate("intermediate expired yesterday", "secp256r1", TestPki.inDays(-1));
        // No cacert: with one the signer would refuse to start (its PKIX self-test); without, it signs on.
        Path yaml = new SignerYaml()
                .signer("xpi-expired", "xpi", "mode", "add-on", "certificate", expired.pem(),
                        "privatekey", expired.keyPem())
                .signer("rsa", "genericrsa", "mode", "pss", "hash", "sha256",
                        "privatekey", TestPki.pkcs8(TestPki.rsa(2048).getPrivate()))
                .write(work.resolve("expired.yaml"), SignerYaml.MONITOR_KEY);
        try (PackagedSigner signer = PackagedSigner.start(work, "expired", yaml)) {
            MonitorCli.Run run = MonitorCli.run(ENV, "--roots", roots.toString(), signer.url().toString());
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.line("xpi-expired").matches("FAIL\\s+xpi-expired\\s+xpi\\s+-\\s+PKCS#7 certificates: "
                    + "certificate 1 \"intermediate expired yesterday\" expired on .*"), run::toString);
            assertTrue(run.line("rsa").startsWith("OK "), run::toString);
            assertTrue(signer.logText().contains("signing continues"), signer::toString);
        }
    }
}
