package dev.signet.autograph.signer.xpi;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
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
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the per-signature end-entity certificate as Autograph does: subject {@code C=US, ST=CA, L=Mountain View,
 * O=Addons, OU=<mode>, CN=<add-on id>}, a DNS SAN derived from the id (so intermediates with name constraints
 * accept it), digitalSignature (critical), codeSigning, a random serial, and a validity that starts a little before
 * now and never outlives a currently valid issuer.
 */
final class CertificateIssuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate issuerCert;
    private final PrivateKey issuerKey;
    private final Provider provider;
    private final String sanDomain;
    private final Duration validity;
    private final Duration clockSkew;
    private final String signatureAlgorithm;
    private final AuthorityKeyIdentifier authorityKeyId;

    CertificateIssuer(X509Certificate issuerCert, PrivateKey issuerKey, Provider provider, String sanDomain,
            Duration validity, Duration clockSkew) throws GeneralSecurityException {
        this.issuerCert = issuerCert;
        this.issuerKey = issuerKey;
        this.provider = provider;
        this.sanDomain = sanDomain;
        this.validity = validity;
        this.clockSkew = clockSkew;
        this.signatureAlgorithm = signatureAlgorithm(issuerCert.getPublicKey(), "SHA256");
        this.authorityKeyId = new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuerCert);
    }

    /** {@code SHA256withRSA}-style JCA name for a key: RSA with {@code rsaHash}, ECDSA with the curve's hash. */
    static String signatureAlgorithm(PublicKey key, String rsaHash) {
        if (key instanceof ECPublicKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> "SHA256withECDSA";
                case 384 -> "SHA384withECDSA";
                default -> "SHA512withECDSA";
            };
        }
        return rsaHash + "withRSA";
    }

    X509Certificate issue(String commonName, String organizationalUnit, PublicKey subjectKey, Instant now)
            throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.ST, "CA")
                .addRDN(BCStyle.L, "Mountain View")
                .addRDN(BCStyle.O, "Addons")
                .addRDN(BCStyle.OU, organizationalUnit)
                .addRDN(BCStyle.CN, commonName)
                .build();
        Instant notBefore = now.minus(clockSkew);
        Instant notAfter = now.plus(validity);
        Instant issuerEnd = issuerCert.getNotAfter().toInstant();
        if (issuerEnd.isAfter(now) && issuerEnd.isBefore(notAfter)) {
            notAfter = issuerEnd;
        }
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerCert,
                    new BigInteger(127, RANDOM).setBit(126), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKey)
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, san(commonName, sanDomain))))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
            return new JcaX509CertificateConverter().getCertificate(b.build(contentSigner()));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("issuing end-entity certificate: " + e.getMessage(), e);
        }
    }

    private ContentSigner contentSigner() throws OperatorCreationException {
        JcaContentSignerBuilder b = new JcaContentSignerBuilder(signatureAlgorithm);
        if (provider != null) {
            b.setProvider(provider);
        }
        return b.build(issuerKey);
    }

    /** {@code hex(sha256(id)[:16]).hex(sha256(id)[16:]).<domain>}, Autograph's SAN for the add-on id. */
    static String san(String commonName, String domain) {
        byte[] d = JarManifest.digest("SHA-256", commonName.getBytes(StandardCharsets.UTF_8));
        HexFormat hex = HexFormat.of();
        return hex.formatHex(d, 0, 16) + "." + hex.formatHex(d, 16, 32) + "." + domain;
    }
}
