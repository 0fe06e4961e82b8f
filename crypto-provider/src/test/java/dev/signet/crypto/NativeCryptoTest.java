package dev.signet.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.MessageDigest;
import java.security.Security;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class NativeCryptoTest {

    @Test
    void afterPreferringNativeTheDigestsAndMacsByNameAreAwsLcsAndAgreeWithTheJdk() throws Exception {
        boolean linuxX64 = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64");
        // On the platform the classifier ships a native library for, it must load: CI's machines are such.
        assumeTrue(linuxX64, "ACCP ships linux-x86_64 only here");
        assertEquals(java.util.Optional.empty(), NativeCrypto.unavailability());
        byte[] data = new byte[3 * 65536 + 17];
        new Random(7).nextBytes(data);
        byte[] jdkSha256 = MessageDigest.getInstance("SHA-256", "SUN").digest(data);
        Mac jdkMac = Mac.getInstance("HmacSHA256", "SunJCE");
        jdkMac.init(new SecretKeySpec("k".getBytes(), "HmacSHA256"));
        byte[] jdkHmac = jdkMac.doFinal(data);

        String said = NativeCrypto.preferNative();
        assertTrue(said.startsWith(NativeCrypto.accp().getName()), said);
        assertEquals(NativeCrypto.accp().getName(), Security.getProviders()[0].getName());
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        assertEquals(NativeCrypto.accp(), sha256.getProvider());
        assertArrayEquals(jdkSha256, sha256.digest(data), HexFormat.of().formatHex(jdkSha256));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("k".getBytes(), "HmacSHA256"));
        assertEquals(NativeCrypto.accp(), mac.getProvider());
        assertArrayEquals(jdkHmac, mac.doFinal(data));
        assertEquals(said, NativeCrypto.preferNative(), "installing twice changes nothing");
    }
}
