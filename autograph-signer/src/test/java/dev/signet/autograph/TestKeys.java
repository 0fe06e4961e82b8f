package dev.signet.autograph;

import dev.signet.hawk.HawkCredentials;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** TEST-ONLY credentials and key helpers. These keys are generated per run and grant nothing anywhere. */
public final class TestKeys {

    public static final HawkCredentials ALICE = HawkCredentials.of("alice", "test-only-alice-key-grants-nothing-0123456789");
    public static final HawkCredentials BOB = HawkCredentials.of("bob", "test-only-bob-key-grants-nothing-0123456789ab");
    public static final HawkCredentials CAROL = HawkCredentials.of("carol", "test-only-carol-key-grants-nothing-0123456789");
    public static final HawkCredentials MONITOR = HawkCredentials.of("monitor", "test-only-monitor-key-grants-nothing-0123");

    private TestKeys() {
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 {@code PRIVATE KEY}. */
    public static String pkcs8Pem(KeyPair kp) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(kp.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** The traditional OpenSSL encoding: SEC1 {@code EC PRIVATE KEY} (with curve) or PKCS#1 {@code RSA PRIVATE KEY}. */
    public static String traditionalPem(KeyPair kp) {
        if (kp.getPrivate() instanceof java.security.interfaces.ECPrivateKey ecKey) {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
            ECPrivateKey sec1 = new ECPrivateKey(ecKey.getParams().getOrder().bitLength(), ecKey.getS(),
                    spki.getPublicKeyData(), info.getPrivateKeyAlgorithm().getParameters());
            try {
                return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(sec1.getEncoded()) + "\n-----END EC PRIVATE KEY-----\n";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(kp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String publicPem(KeyPair kp) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(kp.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** Indents a multi-line block for a YAML literal scalar. */
    public static String indent(String block, int spaces) {
        String pad = " ".repeat(spaces);
        return pad + block.strip().replace("\n", "\n" + pad) + "\n";
    }
}
