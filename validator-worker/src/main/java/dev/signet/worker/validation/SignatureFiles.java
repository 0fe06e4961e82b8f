package dev.signet.worker.validation;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Uploads that are already signed. As AMO does: any JAR or COSE signature file only warns
 * ({@code ALREADY_SIGNED}; addons-linter flags {@code META-INF/manifest.mf}, we flag every signature file),
 * because signing replaces all of them; a package signed with Mozilla's own add-on certificate
 * (signer OU {@code Mozilla Extensions}, i.e. a Mozilla system/privileged add-on) is refused, as AMO refuses it
 * to everyone outside Mozilla ("You cannot submit a Mozilla Signed Extension").
 */
final class SignatureFiles {

    static final String ALREADY_SIGNED = "ALREADY_SIGNED";
    static final String MOZILLA_SIGNED = "MOZILLA_SIGNED_EXTENSION";
    /** The PKCS#7 signature Firefox reads; AMO inspects its signer certificate. */
    static final String MOZILLA_RSA = "META-INF/mozilla.rsa";
    static final String MOZILLA_EXTENSIONS_OU = "Mozilla Extensions";

    /** The files the XPI signer drops before signing (autograph-signer's {@code XpiArchive.isSignatureFile}). */
    private static final Pattern SIGNATURE_FILE = Pattern.compile(
            "^META-INF/(?:manifest\\.mf|cose\\.manifest|cose\\.sig|sig-.*|.*\\.(?:sf|rsa|dsa|ec))$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private SignatureFiles() {
    }

    static boolean isSignatureFile(String name) {
        return SIGNATURE_FILE.matcher(name).matches();
    }

    static void check(XpiContents contents, Findings findings) {
        List<String> files = contents.names().stream().filter(SignatureFiles::isSignatureFile)
                .sorted(Comparator.comparing((String n) -> !n.equalsIgnoreCase("META-INF/manifest.mf"))).toList();
        if (files.isEmpty()) {
            return;
        }
        Optional<X509Certificate> signer = contents.file(MOZILLA_RSA).flatMap(SignatureFiles::signerCertificate);
        String subject = signer.map(c -> c.getSubjectX500Principal().getName()).orElse(null);
        if (signer.map(SignatureFiles::organizationalUnits).orElse(List.of()).contains(MOZILLA_EXTENSIONS_OU)) {
            findings.error(MOZILLA_SIGNED, "You cannot submit a Mozilla Signed Extension",
                    "This package is signed with Mozilla's internal add-on certificate (" + subject + "); such "
                            + "add-ons are only accepted from Mozilla.", MOZILLA_RSA);
        }
        findings.warning(ALREADY_SIGNED, "Package already signed",
                "The package contains signature files (" + String.join(", ", files) + ")"
                        + (subject == null ? "" : ", signed by " + subject)
                        + ". Add-ons which are already signed will be re-signed: signing replaces any existing "
                        + "signatures on the add-on.", files.get(0));
        findings.metadata("signatureFiles", files);
    }

    /** The end-entity certificate of a PKCS#7 signature: the one that issued no other certificate in it. */
    static Optional<X509Certificate> signerCertificate(byte[] pkcs7) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (var certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pkcs7))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException | RuntimeException e) {
            return Optional.empty();
        }
        return certificates.stream()
                .filter(c -> certificates.stream().noneMatch(other -> other != c
                        && other.getIssuerX500Principal().equals(c.getSubjectX500Principal())))
                .findFirst();
    }

    private static List<String> organizationalUnits(X509Certificate certificate) {
        try {
            return new LdapName(certificate.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("OU")).map(Rdn::getValue).map(String::valueOf)
                    .toList();
        } catch (InvalidNameException e) {
            return List.of();
        }
    }
}
