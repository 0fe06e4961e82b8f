package dev.signet.monitor.verify;

import dev.signet.monitor.chain.ChainVerifier;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;

/** Bouncy Castle's check of a CMS/PKCS#7 SignedData with exactly one signer (xpi and authenticode). */
final class Cms {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** The signer's certificate, its chain as carried in the SignedData, and its digest algorithm's name. */
    record Signed(X509Certificate signer, List<X509Certificate> chain, String digest) {
    }

    private Cms() {
    }

    static Signed verifyOneSigner(CMSSignedData cms, String what) throws VerificationException {
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new VerificationException(what + " has " + signers.size() + " signers, expected 1");
        }
        SignerInformation signer = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new VerificationException(what + " does not carry its signer's certificate");
        }
        X509CertificateHolder holder = matches.iterator().next();
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(holder))) {
                throw new VerificationException(what + ": the signature does not verify");
            }
        } catch (CMSException e) {
            throw new VerificationException(what + ": the signature does not verify: " + e.getMessage());
        } catch (OperatorCreationException | CertificateException e) {
            throw new VerificationException(what + ": cannot check the signature: " + e.getMessage());
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> pool = new ArrayList<>();
        try {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> all = cms.getCertificates().getMatches(null);
            for (X509CertificateHolder h : all) {
                pool.add(converter.getCertificate(h));
            }
            X509Certificate leaf = converter.getCertificate(holder);
            return new Signed(leaf, ChainVerifier.chainFrom(leaf, pool),
                    new DefaultAlgorithmNameFinder().getAlgorithmName(signer.getDigestAlgorithmID()));
        } catch (CertificateException e) {
            throw new VerificationException(what + ": unreadable certificate: " + e.getMessage());
        }
    }
}
