package dev.signet.autograph.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.TestKeys;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.PemKeySource;
import dev.signet.autograph.signer.contentsignature.ContentSignatureFactory;
import dev.signet.autograph.signer.genericrsa.GenericRsaFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerFileLoaderTest {

    static final String KEY = TestKeys.indent(TestKeys.pkcs8Pem(TestKeys.ec("secp384r1")), 6);

    @TempDir
    Path tmp;

    Path write(String yaml) throws IOException {
        return Files.writeString(tmp.resolve("signer.yaml"), yaml);
    }

    static String signer(String id) {
        return "  - id: " + id + "\n    type: contentsignature\n    privatekey: |\n" + KEY;
    }

    String error(String yaml) throws IOException {
        Path file = write(yaml);
        return assertThrows(SignerConfigException.class, () -> SignerFileLoader.load(file)).getMessage();
    }

    @Test
    void loadsTheGeneratorShape() throws IOException {
        SignerFile f = SignerFileLoader.load(write("signers:\n" + signer("dev-contentsignature-p384")
                + "authorizations:\n  - id: validator-worker\n    key: abc\n    signers: [dev-contentsignature-p384]\n"
                + "monitoring:\n  key: xyz\n"));
        assertEquals("dev-contentsignature-p384", f.signers().get(0).id());
        assertEquals(List.of("dev-contentsignature-p384"), f.authorizations().get(0).signers());
        assertEquals("xyz", f.monitoring().key());
    }

    @Test
    void refusesBadFilesWithAMessageNamingTheEntry() throws IOException {
        assertTrue(error("signers:\n" + signer("a") + signer("a")).contains("duplicate signer id \"a\""));
        assertTrue(error("signers:\n" + signer("bad.id")).contains("signers[0]: id \"bad.id\" must match"));
        assertTrue(error("signers:\n" + signer("monitor")).contains("reserved"));
        assertTrue(error("signers:\n" + signer("a") + "authorizations:\n  - id: w\n    key: k\n    signers: [b]\n")
                .contains("authorizations[0] (w): unknown signer \"b\""));
        assertTrue(error("signers:\n" + signer("a") + "authorizations:\n  - id: w\n    key: k\n    signers: [a]\n"
                + "  - id: w\n    key: k\n    signers: [a]\n").contains("authorizations[1] (w): duplicate"));
        assertTrue(error("signers:\n" + signer("a") + "authorizations:\n  - id: w\n    key: k\n    signers: []\n")
                .contains("at least one signer"));
        assertTrue(error("signers:\n" + signer("a") + "authorizations:\n  - id: w\n    signers: [a]\n")
                .contains("(w): missing key"));
        assertTrue(error("signers:\n" + signer("a") + "authorizations:\n  - id: monitor\n    key: k\n    signers: [a]\n"
                + "monitoring:\n  key: m\n").contains("reserved for the monitoring user"));
        assertTrue(error("signers:\n" + signer("a") + "  - id: b\n    privatekey: x\n").contains("(b): missing type"));
        assertTrue(error("signers:\n" + signer("a") + "  - id: b\n    type: x\n    privatkey: x\n")
                .contains("unknown key \"privatkey\""));
        assertTrue(error("authorizations: []\n").contains("no signers configured"));
        assertTrue(error("signers: [\n").contains("cannot parse YAML"));
        Path missing = tmp.resolve("nope.yaml");
        assertTrue(assertThrows(SignerConfigException.class, () -> SignerFileLoader.load(missing)).getMessage()
                .contains("signer.config-file"));
    }

    @Test
    void factoriesNameTheSignerAtFault() {
        KeySources keys = new KeySources(List.of(new PemKeySource(PemKeySource.softwareProvider("BC"))));
        SignerEntry badKey = new SignerEntry("cs1", "contentsignature", null, "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n", null, null, null, null, null, null, null, null, null, null, null,
                null, null);
        String m = assertThrows(SignerConfigException.class, () -> new ContentSignatureFactory().create(badKey, keys))
                .getMessage();
        assertTrue(m.startsWith("signer \"cs1\" (contentsignature): privatekey:"), m);
        assertTrue(!m.contains("AAAA"), m);

        SignerEntry hsmLabel = new SignerEntry("cs2", "contentsignature", null, "some-hsm-label", null, null, null,
                null, null, null, null, null, null, null, null, null, null);
        assertTrue(assertThrows(SignerConfigException.class, () -> new ContentSignatureFactory().create(hsmLabel,
                keys)).getMessage().contains("no HSM configured"));

        SignerEntry wrongMode = new SignerEntry("cs3", "contentsignature", "p256ecdsa", TestKeys.pkcs8Pem(
                TestKeys.ec("secp384r1")), null, null, null, null, null, null, null, null, null, null, null, null,
                null);
        assertTrue(assertThrows(SignerConfigException.class, () -> new ContentSignatureFactory().create(wrongMode,
                keys)).getMessage().contains("does not match the key's curve"));

        SignerEntry rsaNoMode = new SignerEntry("r1", "genericrsa", null, TestKeys.pkcs8Pem(TestKeys.rsa(2048)),
                null, null, "sha1", null, null, null, null, null, null, null, null, null, null);
        assertTrue(assertThrows(SignerConfigException.class, () -> new GenericRsaFactory().create(rsaNoMode, keys))
                .getMessage().startsWith("signer \"r1\" (genericrsa): mode is required"));
    }
}
