package dev.signet.autograph.signer.gpg2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.autograph.TestKeys;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.config.SignerFile;
import dev.signet.autograph.config.SignerFileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gpg2 fields ({@code keyid}, {@code passphrase}) are read from the signer YAML with Autograph's names. */
class Gpg2ConfigTest {

    @TempDir
    Path tmp;

    @Test
    void readsKeyidAndPassphraseFromYaml() throws Exception {
        TestOpenPgp key = TestOpenPgp.generate("yaml pass");
        Path yaml = Files.writeString(tmp.resolve("signer.yaml"), """
                signers:
                  - id: randompgp-debsign
                    type: gpg2
                    mode: debsign
                    keyid: 0x%s
                    passphrase: yaml pass
                    privatekey: |
                %s    publickey: |
                %sauthorizations:
                  - id: alice
                    key: test-only-alice-key-grants-nothing-0123456789
                    signers: [randompgp-debsign]
                """.formatted(key.fingerprint(), TestKeys.indent(key.armoredSecret(), 6),
                TestKeys.indent(key.armoredPublic(), 6)));
        SignerFile file = SignerFileLoader.load(yaml);
        SignerEntry entry = file.signers().get(0);
        assertEquals("0x" + key.fingerprint(), entry.keyid());
        assertEquals("yaml pass", entry.passphrase());
        assertEquals("debsign", Gpg2Factory.create(entry).mode());
    }
}
