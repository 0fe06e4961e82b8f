package dev.signet.monitor.chain;

import dev.signet.monitor.verify.VerificationException;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Reading certificates with the JDK's X.509 parser, and naming them in messages. */
public final class Certificates {

    private Certificates() {
    }

    /** Every certificate of a PEM (or DER) chain, in file order. */
    public static List<X509Certificate> parse(byte[] pemOrDer, String what) throws VerificationException {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pemOrDer))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new VerificationException(what + ": no certificate in it");
            }
            return out;
        } catch (CertificateException e) {
            throw new VerificationException(what + ": not a certificate chain (" + e.getMessage() + ")");
        }
    }

    /** The subject CN, else the whole subject: short enough for a report line. */
    public static String name(X509Certificate c) {
        String dn = c.getSubjectX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // an X.500 name the LDAP syntax cannot read: show it whole
        }
        return dn;
    }

    public static String sha256(X509Certificate c) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean sameCertificate(X509Certificate a, X509Certificate b) {
        try {
            return MessageDigest.isEqual(a.getEncoded(), b.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    static boolean selfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }
}
