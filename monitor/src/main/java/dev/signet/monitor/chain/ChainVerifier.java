package dev.signet.monitor.chain;

import dev.signet.monitor.verify.VerificationException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a certificate chain with the JDK's PKIX validator (signatures, names, CA constraints and key usage at
 * the current time), to a pinned root or, without {@code --roots}, to the chain's own last certificate; and on top
 * what PKIX leaves out: the anchor's own validity and the code-signing extended key usage that Firefox and
 * Windows require of every certificate that carries the extension.
 */
public final class ChainVerifier {

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String ANY_EKU = "2.5.29.37.0";

    private final PinnedRoots roots;
    private final Clock clock;

    public ChainVerifier(PinnedRoots roots, Clock clock) {
        this.roots = roots;
        this.clock = clock;
    }

    /**
     * @param chain leaf first, each certificate followed by its issuer; a trailing root is optional when roots
     *              are pinned
     * @param what  names the chain in messages, e.g. {@code x5u https://...}
     */
    public ChainResult verify(List<X509Certificate> chain, String what) throws VerificationException {
        if (chain.isEmpty()) {
            throw new VerificationException(what + ": no certificate");
        }
        Instant now = clock.instant();
        for (int i = 0; i < chain.size(); i++) {
            checkValidity(chain.get(i), what + ": certificate " + i, now);
        }
        X509Certificate last = chain.get(chain.size() - 1);
        List<X509Certificate> path = new ArrayList<>(chain);
        Set<TrustAnchor> anchors = new HashSet<>();
        if (roots.pinned()) {
            if (roots.contains(last)) {
                path.remove(path.size() - 1);
                anchors.add(new TrustAnchor(last, null));
            } else if (Certificates.selfIssued(last) && chain.size() > 1) {
                throw new VerificationException(what + ": its root \"" + Certificates.name(last) + "\" (SHA-256 "
                        + Certificates.sha256(last) + ") is not one of the --roots");
            } else {
                roots.roots().forEach(r -> anchors.add(new TrustAnchor(r, null)));
            }
        } else {
            if (chain.size() < 2) {
                throw new VerificationException(what + ": a single certificate and no --roots: nothing to check it"
                        + " against");
            }
            path.remove(path.size() - 1);
            anchors.add(new TrustAnchor(last, null));
        }
        X509Certificate anchor = validate(path, anchors, now, what);
        checkValidity(anchor, what + ": root", now);
        Instant soonest = anchor.getNotAfter().toInstant();
        for (int i = 0; i < path.size(); i++) {
            requireCodeSigning(path.get(i), what + ": certificate " + i);
            soonest = earlier(soonest, path.get(i).getNotAfter().toInstant());
        }
        requireCodeSigning(anchor, what + ": root");
        return new ChainResult(anchor, roots.pinned(), soonest);
    }

    /** Orders {@code pool} into a chain from {@code leaf} by following issuer names (as PKCS#7 carries them). */
    public static List<X509Certificate> chainFrom(X509Certificate leaf, List<X509Certificate> pool) {
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        X509Certificate current = leaf;
        while (!Certificates.selfIssued(current) && chain.size() <= pool.size()) {
            X509Certificate issuer = null;
            for (X509Certificate c : pool) {
                if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && !chain.contains(c)) {
                    issuer = c;
                    break;
                }
            }
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    private X509Certificate validate(List<X509Certificate> path, Set<TrustAnchor> anchors, Instant now,
            String what) throws VerificationException {
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            // Nothing here can reach the CRL or OCSP servers of a private code-signing PKI; validity is checked.
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            var certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            var result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath,
                    params);
            return result.getTrustAnchor().getTrustedCert();
        } catch (CertPathValidatorException e) {
            String where = e.getIndex() >= 0 && e.getIndex() < path.size()
                    ? "certificate " + e.getIndex() + " \"" + Certificates.name(path.get(e.getIndex())) + "\""
                    : "the chain";
            throw new VerificationException(what + ": " + where + " does not verify"
                    + (roots.pinned() ? " to the --roots" : "") + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new VerificationException(what + ": cannot check the chain: " + e.getMessage());
        }
    }

    private static void checkValidity(X509Certificate c, String what, Instant now) throws VerificationException {
        try {
            c.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new VerificationException(what + " \"" + Certificates.name(c) + "\" expired on "
                    + c.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new VerificationException(what + " \"" + Certificates.name(c) + "\" is not valid before "
                    + c.getNotBefore().toInstant());
        }
    }

    private static void requireCodeSigning(X509Certificate c, String what) throws VerificationException {
        List<String> eku;
        try {
            eku = c.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new VerificationException(what + " \"" + Certificates.name(c) + "\": unreadable extended key usage");
        }
        if (eku != null && !eku.contains(CODE_SIGNING) && !eku.contains(ANY_EKU)) {
            throw new VerificationException(what + " \"" + Certificates.name(c)
                    + "\" is not for code signing (extended key usage " + eku + ")");
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }
}
