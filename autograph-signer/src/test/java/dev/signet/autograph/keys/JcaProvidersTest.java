package dev.signet.autograph.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.TestKeys;
import dev.signet.autograph.signer.contentsignature.ContentSigner;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both paths: the native provider (ACCP, AWS-LC) and the pure-Java fallbacks sign PEM keys that verify. */
class JcaProvidersTest {

    @Test
    void autoPicksAccpWhereItLoadsAndNamesAreChecked() {
        // The build machine is linux-x86_64, where the classifier jar's native library loads.
        assertEquals("AmazonCorrettoCryptoProvider", JcaProviders.resolve("auto").getName());
        assertEquals("AmazonCorrettoCryptoProvider", JcaProviders.resolve("accp").getName());
        assertEquals("BC", JcaProviders.resolve("BC").getName());
        assertNull(JcaProviders.resolve("JDK"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JcaProviders.resolve("NSS"));
        assertTrue(e.getMessage().contains("signer.jca-provider"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACCP", "BC", "JDK"})
    void pemKeysSignAndVerifyWithEachProvider(String name) throws Exception {
        Provider provider = JcaProviders.resolve(name);
        SigningKey key = new PemKeySource(provider).load(TestKeys.pkcs8Pem(TestKeys.ec("secp384r1")));
        ContentSigner signer = new ContentSigner("p", key, null);
        byte[] input = "a collection to sign with each provider".getBytes(StandardCharsets.UTF_8);
        String sig = signer.signData(input, Map.of());
        assertTrue(signer.verifyData(input, sig));
        assertEquals(name.equals("JDK") ? null : provider, key.provider());
    }
}
