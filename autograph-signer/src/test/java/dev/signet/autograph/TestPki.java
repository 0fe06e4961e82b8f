package dev.signet.autograph;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A TEST-ONLY content-signature PKI (root and intermediate, P-384) generated per run; it certifies nothing. */
public record TestPki(KeyPair rootKey, X509Certificate root, KeyPair intermediateKey, X509Certificate intermediate) {

    public static TestPki generate() {
        try {
            KeyPair rootKey = TestKeys.ec("secp384r1");
            X509Certificate root = ca("CN=Signet TEST-ONLY root", rootKey, "CN=Signet TEST-ONLY root", rootKey, 1);
            KeyPair interKey = TestKeys.ec("secp384r1");
            X509Certificate inter = ca("CN=Signet TEST-ONLY intermediate", interKey, "CN=Signet TEST-ONLY root",
                    rootKey, 0);
            return new TestPki(rootKey, root, interKey, inter);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate ca(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
            int pathLen) throws GeneralSecurityException, IOException, OperatorCreationException {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                new X500Name(subject), subjectKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey.getPrivate())));
    }

    public static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
