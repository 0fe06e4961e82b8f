package dev.signet.autograph.signer.xpi;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Date;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * {@code META-INF/mozilla.rsa}: a detached CMS SignedData over {@code mozilla.sf} shaped as Autograph's: signed
 * attributes contentType, signingTime and messageDigest only; the signature algorithm named with its hash
 * ({@code sha256WithRSAEncryption}, {@code ecdsa-with-SHA256}); issuerAndSerialNumber; certificates EE and
 * intermediate. DER encoded.
 */
final class Pkcs7 {

    /** The {@code pkcs7_digest} option. */
    enum Digest {
        SHA1("SHA1", OIWObjectIdentifiers.idSHA1), SHA256("SHA256", NISTObjectIdentifiers.id_sha256);

        final String jcaPrefix;
        /**
         * Without parameters: RFC 3370 (SHA-1) and RFC 5754 (SHA-2) say to generate the digest AlgorithmIdentifier
         * without the NULL that Bouncy Castle adds, and Autograph (Go's pkcs7) omits it.
         */
        final AlgorithmIdentifier algorithmId;

        Digest(String jcaPrefix, ASN1ObjectIdentifier oid) {
            this.jcaPrefix = jcaPrefix;
            this.algorithmId = new AlgorithmIdentifier(oid);
        }
    }

    private Pkcs7() {
    }

    static byte[] sign(byte[] signatureFile, Digest digest, X509Certificate ee, PrivateKey eeKey, Provider provider,
            X509Certificate intermediate, Date signingTime) throws GeneralSecurityException {
        try {
            String algorithm = digest.jcaPrefix + (ee.getPublicKey() instanceof ECPublicKey ? "withECDSA" : "withRSA");
            JcaContentSignerBuilder signerBuilder = new JcaContentSignerBuilder(algorithm);
            if (provider != null) {
                signerBuilder.setProvider(provider);
            }
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            // Name the signature algorithm with its hash, as Autograph does, instead of Bouncy Castle's default
            // "rsaEncryption" for RSA signers.
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build(), algId -> algId)
                    .setContentDigest(digest.algorithmId)
                    .setSignedAttributeGenerator(signedAttributes(signingTime))
                    .build(signerBuilder.build(eeKey), ee));
            gen.addCertificates(new JcaCertStore(List.of(ee, intermediate)));
            CMSSignedData signed = gen.generate(new CMSProcessableByteArray(signatureFile), false);
            return signed.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | IOException e) {
            throw new GeneralSecurityException("pkcs7: " + e.getMessage(), e);
        }
    }

    /** Checks that {@code pkcs7} holds one valid signature by {@code ee} over {@code signatureFile}. */
    static void verify(byte[] pkcs7, byte[] signatureFile, X509Certificate ee) throws GeneralSecurityException {
        try {
            CMSSignedData parsed = new CMSSignedData(new CMSProcessableByteArray(signatureFile), pkcs7);
            var signers = parsed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new GeneralSecurityException("pkcs7: expected one signer, got " + signers.size());
            }
            SignerInformation si = signers.iterator().next();
            if (!si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(ee))) {
                throw new GeneralSecurityException("pkcs7: signature does not verify");
            }
        } catch (CMSException | OperatorCreationException e) {
            throw new GeneralSecurityException("pkcs7: self-check failed: " + e.getMessage(), e);
        }
    }

    /** Exactly contentType, signingTime and messageDigest (no CMS algorithm protection attribute). */
    private static CMSAttributeTableGenerator signedAttributes(Date signingTime) {
        return parameters -> {
            Hashtable<ASN1ObjectIdentifier, Attribute> table = new Hashtable<>();
            ASN1ObjectIdentifier contentType = (ASN1ObjectIdentifier) parameters
                    .get(CMSAttributeTableGenerator.CONTENT_TYPE);
            table.put(CMSAttributes.contentType, new Attribute(CMSAttributes.contentType, new DERSet(contentType)));
            table.put(CMSAttributes.signingTime, new Attribute(CMSAttributes.signingTime,
                    new DERSet(new Time(signingTime))));
            byte[] digest = (byte[]) parameters.get(CMSAttributeTableGenerator.DIGEST);
            table.put(CMSAttributes.messageDigest, new Attribute(CMSAttributes.messageDigest,
                    new DERSet(new DEROctetString(digest))));
            return new AttributeTable(table);
        };
    }
}
