package dev.signet.monitor;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** TEST-ONLY keys and code-signing certificates generated per run; they certify nothing anywhere. */
public final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
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

    /** A code-signing CA (root when {@code issuer} is null) valid from a day ago until {@code notAfter}. */
    public static X509Certificate ca(String cn, KeyPair key, X509Certificate issuer, PrivateKey issuerKey,
            Instant notAfter) {
        return build(cn, key.getPublic(), issuer, issuer == null ? key.getPrivate() : issuerKey, notAfter, true);
    }

    /** A code-signing end-entity certificate for {@code key}, issued by {@code issuer}. */
    public static X509Certificate leaf(String cn, PublicKey key, X509Certificate issuer, PrivateKey issuerKey,
            Instant notAfter) {
        return build(cn, key, issuer, issuerKey, notAfter, false);
    }

    public static Instant inDays(long days) {
        return Instant.now().plus(Duration.ofDays(days));
    }

    private static X509Certificate build(String cn, PublicKey key, X509Certificate issuer, PrivateKey signingKey,
            Instant notAfter, boolean ca) {
        try {
            X500Name subject = new X500Name("CN=" + cn + ", O=Signet TEST-ONLY");
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            Instant notBefore = Instant.now().minus(Duration.ofDays(1));
            if (!notAfter.isAfter(notBefore)) {
                notBefore = notAfter.minus(Duration.ofDays(30));
            }
            var builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(notAfter), subject, key)
                    .addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(1)
                            : new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                            : KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            String algorithm = "EC".equals(signingKey.getAlgorithm()) ? "SHA384withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** PEM text indented for a YAML block scalar. */
    public static String indent(String text, int spaces) {
        String prefix = " ".repeat(spaces);
        StringBuilder sb = new StringBuilder();
        text.strip().lines().forEach(l -> sb.append(prefix).append(l).append('\n'));
        return sb.toString();
    }

    /** PKCS#8 {@code PRIVATE KEY} PEM, which the signer reads for every key type. */
    public static String pkcs8(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }
}
