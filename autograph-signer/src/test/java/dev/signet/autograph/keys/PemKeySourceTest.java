package dev.signet.autograph.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.TestKeys;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class PemKeySourceTest {

    final PemKeySource source = new PemKeySource(PemKeySource.softwareProvider("BC"));

    @Test
    void loadsPkcs8AndSec1EcKeysWithTheirPublicKey() throws Exception {
        for (String curve : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            KeyPair kp = TestKeys.ec(curve);
            assertArrayEquals(kp.getPublic().getEncoded(),
                    source.load(TestKeys.pkcs8Pem(kp)).publicKey().getEncoded(), curve);
            assertArrayEquals(kp.getPublic().getEncoded(),
                    source.load("\n" + TestKeys.traditionalPem(kp)).publicKey().getEncoded(), curve);
        }
    }

    @Test
    void skipsEcParametersBlocks() throws Exception {
        KeyPair kp = TestKeys.ec("secp384r1");
        String pem = "-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n"
                + TestKeys.traditionalPem(kp);
        assertArrayEquals(kp.getPublic().getEncoded(), source.load(pem).publicKey().getEncoded());
    }

    @Test
    void loadsRsaKeys() throws Exception {
        KeyPair kp = TestKeys.rsa(2048);
        assertArrayEquals(kp.getPublic().getEncoded(), source.load(TestKeys.pkcs8Pem(kp)).publicKey().getEncoded());
        assertArrayEquals(kp.getPublic().getEncoded(),
                source.load(TestKeys.traditionalPem(kp)).publicKey().getEncoded());
    }

    @Test
    void handlesOnlyPemAndRefusesGarbage() {
        assertTrue(source.handles("  -----BEGIN PRIVATE KEY-----"));
        assertFalse(source.handles("hsm-label"));
        KeyException e = assertThrows(KeyException.class,
                () -> source.load("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
        assertFalse(e.getMessage().contains("AAAA"));
    }
}
