package dev.signet.infra.stack;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A dev code-signing PKI for the local stack: a self-signed root and an intermediate that the XPI signer uses
 * to issue one end-entity certificate per signature. P-384 keeps end-entity key generation fast. Dev only:
 * nothing but this machine's local stack trusts it.
 */
public record DevPki(String rootPem, String intermediatePem, String intermediateKeyPem) {

    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    private static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(1825);

    public static DevPki generate(String name) {
        try {
            KeyPair root = ecKeyPair();
            KeyPair intermediate = ecKeyPair();
            X500Name rootName = new X500Name("CN=" + name + " dev root CA, OU=dev only, O=Signet");
            X500Name interName = new X500Name("CN=" + name + " dev signing CA, OU=dev only, O=Signet");
            X509Certificate rootCert = ca(rootName, root, rootName, root, ROOT_VALIDITY, 1);
            X509Certificate interCert = ca(interName, intermediate, rootName, root, INTERMEDIATE_VALIDITY, 0);
            interCert.verify(root.getPublic());
            return new DevPki(pem(rootCert), pem(interCert), pem(new JcaPKCS8Generator(intermediate.getPrivate(),
                    null)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("dev pki: generation failed", e);
        }
    }

    private static X509Certificate ca(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            Duration validity, int pathLength) throws GeneralSecurityException, OperatorCreationException,
            IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(validity)), subject, subjectKeys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                | KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKeys.getPrivate())));
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        return generator.generateKeyPair();
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString().strip();
    }
}
