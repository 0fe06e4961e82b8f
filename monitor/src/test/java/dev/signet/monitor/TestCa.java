package dev.signet.monitor;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A TEST-ONLY code-signing CA: its key and certificate, issuing CAs and leaves below it. */
public record TestCa(KeyPair key, X509Certificate cert) {

    public static TestCa root(String cn) {
        KeyPair key = TestPki.ec("secp384r1");
        return new TestCa(key, TestPki.ca(cn, key, null, null, TestPki.inDays(3650)));
    }

    public TestCa intermediate(String cn, String curve, Instant notAfter) {
        KeyPair k = TestPki.ec(curve);
        return new TestCa(k, TestPki.ca(cn, k, cert, key.getPrivate(), notAfter));
    }

    public X509Certificate leaf(String cn, PublicKey subject, Instant notAfter) {
        return TestPki.leaf(cn, subject, cert, key.getPrivate(), notAfter);
    }

    public String pem() {
        return TestPki.pem(cert);
    }

    public String keyPem() {
        return TestPki.pkcs8(key.getPrivate());
    }
}
