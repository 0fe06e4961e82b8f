package dev.signet.monitor.verify;

import dev.signet.model.signer.SignatureResponse;
import dev.signet.monitor.chain.ChainResult;
import dev.signet.monitor.chain.ChainVerifier;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;

/**
 * {@code xpi}: the answer is a detached PKCS#7 ({@code mozilla.rsa}) over the monitoring input as if it were the
 * {@code mozilla.sf}; Bouncy Castle verifies it, then its end-entity certificate's chain (the intermediate it
 * carries, to a pinned root or to that intermediate) is verified.
 */
public final class XpiVerifier implements ResponseVerifier {

    private final byte[] input;
    private final ChainVerifier chains;

    public XpiVerifier(byte[] input, ChainVerifier chains) {
        this.input = input.clone();
        this.chains = chains;
    }

    @Override
    public Verified verify(SignatureResponse r) throws VerificationException {
        byte[] der = Wire.base64(r.signature(), "signature");
        CMSSignedData cms;
        try {
            cms = new CMSSignedData(new CMSProcessableByteArray(input), der);
        } catch (CMSException | RuntimeException e) {
            throw new VerificationException("signature is not a PKCS#7 SignedData: " + e.getMessage());
        }
        Cms.Signed signed = Cms.verifyOneSigner(cms, "the PKCS#7");
        ChainResult c = chains.verify(signed.chain(), "PKCS#7 certificates");
        return new Verified("PKCS#7 (" + signed.digest() + ") verified; " + c.describe(), c.soonestExpiry());
    }
}
