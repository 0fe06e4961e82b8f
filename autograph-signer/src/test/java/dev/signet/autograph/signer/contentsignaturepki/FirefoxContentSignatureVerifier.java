package dev.signet.autograph.signer.contentsignaturepki;

import dev.signet.autograph.signer.contentsignature.Ecdsa;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * A test-side re-implementation of Firefox's content-signature check (as Autograph's verifier also does it):
 * exactly three certificates, each valid now and signed by the next, a self-signed CA root whose SHA-256 is
 * pinned and that allows codeSigning, an end-entity with codeSigning whose DNS SAN is the expected host, then
 * ECDSA-P384/SHA-384 over "Content-Signature:\0" + data with the r||s signature.
 */
final class FirefoxContentSignatureVerifier {

    private FirefoxContentSignatureVerifier() {
    }

    static void verify(byte[] chainPem, byte[] rootSha256, String expectedHost, byte[] data, String signature)
            throws Exception {
        Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(chainPem));
        List<X509Certificate> chain = new ArrayList<>();
        parsed.forEach(c -> chain.add((X509Certificate) c));
        check(chain.size() == 3, "chain must hold exactly 3 certificates, got " + chain.size());
        X509Certificate ee = chain.get(0);
        X509Certificate inter = chain.get(1);
        X509Certificate root = chain.get(2);
        for (X509Certificate c : chain) {
            c.checkValidity();
        }
        ee.verify(inter.getPublicKey());
        inter.verify(root.getPublicKey());
        root.verify(root.getPublicKey());
        check(root.getBasicConstraints() >= 0 && inter.getBasicConstraints() >= 0, "root and intermediate must be CAs");
        check(MessageDigest.isEqual(rootSha256, MessageDigest.getInstance("SHA-256").digest(root.getEncoded())),
                "root hash does not match the pinned hash");
        String codeSigning = "1.3.6.1.5.5.7.3.3";
        for (X509Certificate c : chain) {
            check(c.getExtendedKeyUsage() != null && c.getExtendedKeyUsage().contains(codeSigning),
                    "codeSigning EKU missing on " + c.getSubjectX500Principal());
        }
        check(ee.getBasicConstraints() < 0, "end-entity must not be a CA");
        boolean sanMatches = ee.getSubjectAlternativeNames() != null && ee.getSubjectAlternativeNames().stream()
                .anyMatch(n -> ((Integer) n.get(0)) == 2 && expectedHost.equals(n.get(1)));
        check(sanMatches, "end-entity DNS SAN does not name " + expectedHost);

        Signature v = Signature.getInstance("SHA384withECDSA");
        v.initVerify(ee.getPublicKey());
        v.update("Content-Signature:\0".getBytes(StandardCharsets.US_ASCII));
        v.update(data);
        check(v.verify(Ecdsa.p1363ToDer(Base64.getUrlDecoder().decode(signature))), "signature does not verify");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
