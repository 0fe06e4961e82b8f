package dev.signet.autograph.signer.xpi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/** Reads the signer's certificate back out of a {@code mozilla.rsa}. */
final class Pkcs7Certificates {

    private Pkcs7Certificates() {
    }

    static X509Certificate signer(byte[] pkcs7) throws GeneralSecurityException {
        try {
            CMSSignedData signed = new CMSSignedData(pkcs7);
            SignerInformation si = signed.getSignerInfos().getSigners().iterator().next();
            @SuppressWarnings("unchecked")
            var matches = signed.getCertificates().getMatches(si.getSID());
            if (matches.size() != 1) {
                throw new GeneralSecurityException("pkcs7: signer certificate not found");
            }
            X509CertificateHolder holder = (X509CertificateHolder) matches.iterator().next();
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (CMSException | IOException e) {
            throw new GeneralSecurityException("pkcs7: " + e.getMessage(), e);
        }
    }
}
