package dev.signet.monitor.verify;

import dev.signet.model.signer.SignatureResponse;
import dev.signet.monitor.chain.ChainResult;
import dev.signet.monitor.chain.ChainVerifier;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.List;
import net.jsign.DigestAlgorithm;
import net.jsign.pe.PEFile;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.PKCS7ProcessableObject;

/**
 * {@code authenticode}: the signed test PE of the answer. jsign reads the PE, extracts its PKCS#7 SignedData and
 * computes the file's Authenticode digest; Bouncy Castle verifies the signature over the
 * {@code SpcIndirectDataContent}, whose digest must be the file's; then the certificate chain the signature
 * carries is verified. (No timestamp is expected: the signer makes none, so the chain's expiry is the
 * signatures' too.)
 */
public final class AuthenticodeVerifier implements ResponseVerifier {

    private static final String SPC_INDIRECT_DATA = "1.3.6.1.4.1.311.2.1.4";

    private final ChainVerifier chains;

    public AuthenticodeVerifier(ChainVerifier chains) {
        this.chains = chains;
    }

    @Override
    public Verified verify(SignatureResponse r) throws VerificationException {
        if (r.signedFile() == null || r.signedFile().length == 0) {
            throw new VerificationException("the answer has no signed_file");
        }
        try (PEFile pe = new PEFile(new ByteArrayChannel(r.signedFile()))) {
            List<CMSSignedData> signatures = pe.getSignatures();
            if (signatures.size() != 1) {
                throw new VerificationException("the signed PE has " + signatures.size() + " signatures, expected 1");
            }
            CMSSignedData cms = withIndirectData(signatures.get(0));
            Cms.Signed signed = Cms.verifyOneSigner(cms, "the Authenticode signature");
            DigestInfo claimed = indirectDigest(cms);
            DigestAlgorithm algorithm = DigestAlgorithm.of(claimed.getAlgorithmId().getAlgorithm());
            if (algorithm == null) {
                throw new VerificationException("the Authenticode digest algorithm "
                        + claimed.getAlgorithmId().getAlgorithm() + " is unknown");
            }
            if (!MessageDigest.isEqual(claimed.getDigest(), pe.computeDigest(algorithm))) {
                throw new VerificationException("the signed digest is not the PE file's " + algorithm.id
                        + " Authenticode digest: the file was changed after signing");
            }
            ChainResult c = chains.verify(signed.chain(), "Authenticode certificates");
            return new Verified("Authenticode (" + algorithm.id + ") verified; " + c.describe(), c.soonestExpiry());
        } catch (IOException | RuntimeException e) {
            throw new VerificationException("signed_file is not a signed PE: " + e.getMessage());
        }
    }

    /**
     * The SignedData with its encapsulated content attached for Bouncy Castle's signer check: PKCS#7 carries the
     * {@code SpcIndirectDataContent} itself rather than an OCTET STRING, and Authenticode's message digest covers
     * its DER contents without the outer tag and length, which is what {@link PKCS7ProcessableObject} writes.
     */
    private static CMSSignedData withIndirectData(CMSSignedData cms) throws VerificationException {
        SignedData signedData = SignedData.getInstance(cms.toASN1Structure().getContent());
        ContentInfo encapsulated = signedData.getEncapContentInfo();
        if (!SPC_INDIRECT_DATA.equals(encapsulated.getContentType().getId()) || encapsulated.getContent() == null) {
            throw new VerificationException("the Authenticode signature signs " + encapsulated.getContentType()
                    + ", not an SpcIndirectDataContent");
        }
        try {
            return new CMSSignedData(new PKCS7ProcessableObject(encapsulated.getContentType(),
                    encapsulated.getContent()), cms.toASN1Structure());
        } catch (CMSException e) {
            throw new VerificationException("the Authenticode signature is malformed: " + e.getMessage());
        }
    }

    /** The signed digest: {@code SpcIndirectDataContent ::= SEQUENCE { data ..., messageDigest DigestInfo }}. */
    private static DigestInfo indirectDigest(CMSSignedData cms) throws VerificationException {
        Object content = cms.getSignedContent() == null ? null : cms.getSignedContent().getContent();
        if (!(content instanceof ASN1Encodable encodable)) {
            throw new VerificationException("the Authenticode signature has no SpcIndirectDataContent");
        }
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(encodable);
            return DigestInfo.getInstance(seq.getObjectAt(1));
        } catch (RuntimeException e) {
            throw new VerificationException("the Authenticode SpcIndirectDataContent is malformed: " + e.getMessage());
        }
    }
}
