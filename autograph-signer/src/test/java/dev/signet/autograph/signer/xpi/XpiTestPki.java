package dev.signet.autograph.signer.xpi;

import dev.signet.autograph.TestKeys;
import dev.signet.autograph.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A TEST-ONLY add-on signing PKI (root and intermediate) generated per run, shaped like AMO's dev PKI: the
 * intermediate is a CA with keyCertSign and the codeSigning EKU. It certifies nothing.
 */
public record XpiTestPki(KeyPair rootKey, X509Certificate root, KeyPair intermediateKey, X509Certificate intermediate) {

    /** @param keyType {@code rsa2048}, {@code rsa4096}, {@code p256}, {@code p384} */
    public static XpiTestPki generate(String keyType) {
        return generate(keyType, Instant.now().plus(Duration.ofDays(3650)));
    }

    static XpiTestPki generate(String keyType, Instant intermediateNotAfter) {
        try {
            KeyPair rootKey = key(keyType);
            Instant now = Instant.now();
            X509Certificate root = ca("CN=Signet TEST-ONLY add-on root", rootKey, "CN=Signet TEST-ONLY add-on root",
                    rootKey, null, now.plus(Duration.ofDays(7300)), 1);
            KeyPair interKey = key(keyType);
            X509Certificate inter = ca("CN=Signet TEST-ONLY add-on intermediate", interKey,
                    "CN=Signet TEST-ONLY add-on root", rootKey, root, intermediateNotAfter, 0);
            return new XpiTestPki(rootKey, root, interKey, inter);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair key(String keyType) {
        return switch (keyType) {
            case "p256" -> TestKeys.ec("secp256r1");
            case "p384" -> TestKeys.ec("secp384r1");
            case "p521" -> TestKeys.ec("secp521r1");
            default -> TestKeys.rsa(Integer.parseInt(keyType.substring(3)));
        };
    }

    private static X509Certificate ca(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
            X509Certificate issuerCert, Instant notAfter, int pathLen) throws Exception {
        Instant now = Instant.now();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(notAfter), new X500Name(subject),
                subjectKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        ext.createSubjectKeyIdentifier(subjectKey.getPublic()));
        if (issuerCert != null) {
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
        }
        String alg = issuerKey.getPrivate() instanceof ECPrivateKey ? "SHA384withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(alg).build(issuerKey.getPrivate())));
    }

    public String intermediatePem() {
        return TestPki.pem(intermediate);
    }

    public String rootPem() {
        return TestPki.pem(root);
    }

    public String intermediateKeyPem() {
        return TestKeys.pkcs8Pem(intermediateKey);
    }

    /** A TEST-ONLY {@code type: xpi} entry of a signer YAML on this PKI, with {@code extra} lines appended. */
    public String signerYaml(String id, String mode, String extra) {
        return "  - id: " + id + "\n    type: xpi\n    mode: " + mode + "\n"
                + "    certificate: |\n" + TestKeys.indent(intermediatePem(), 6)
                + "    privatekey: |\n" + TestKeys.indent(intermediateKeyPem(), 6)
                + "    cacert: |\n" + TestKeys.indent(rootPem(), 6) + extra;
    }
}
