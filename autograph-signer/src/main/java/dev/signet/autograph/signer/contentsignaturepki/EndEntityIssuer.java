package dev.signet.autograph.signer.contentsignaturepki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the content-signature end-entity certificate, shaped as Firefox's verifier expects: CN and DNS SAN
 * {@code <id>.<domain>}, digitalSignature, codeSigning, bounded validity, signed by the intermediate.
 */
final class EndEntityIssuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private EndEntityIssuer() {
    }

    /** A fresh EE key on the issuer's curve (P-256 or P-384), in memory. */
    static KeyPair newKey(ECPublicKey issuerKey) throws GeneralSecurityException {
        int bits = issuerKey.getParams().getCurve().getField().getFieldSize();
        String curve = switch (bits) {
            case 256 -> "secp256r1";
            case 384 -> "secp384r1";
            default -> throw new GeneralSecurityException("issuer key must be P-256 or P-384, got " + bits + " bits");
        };
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static X509Certificate issue(KeyPair endEntity, X509Certificate issuerCert, PrivateKey issuerKey,
            Provider issuerProvider, PkiOptions options, Instant now) throws GeneralSecurityException {
        try {
            X500Name subject = new X500Name("CN=" + options.commonName());
            Date notBefore = Date.from(now.minus(options.clockSkewTolerance()));
            Date notAfter = Date.from(now.plus(options.validity()).plus(options.clockSkewTolerance()));
            BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerCert, serial, notBefore, notAfter,
                    subject, endEntity.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, options.commonName())))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(endEntity.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(issuerCert));
            String alg = ((ECPublicKey) issuerCert.getPublicKey()).getParams().getCurve().getField().getFieldSize()
                    == 256 ? "SHA256withECDSA" : "SHA384withECDSA";
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder(alg);
            if (issuerProvider != null) {
                signer.setProvider(issuerProvider);
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer.build(issuerKey)));
            cert.verify(issuerCert.getPublicKey());
            return cert;
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("issuing end-entity certificate: " + e.getMessage(), e);
        }
    }
}
