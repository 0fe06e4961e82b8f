package dev.signet.autograph.signer.apk2;

import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeyException;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * {@code type: apk2}: {@code privatekey} (PEM, RSA ≥ 2048 bits or ECDSA), {@code certificate} (PEM, matching
 * the key), {@code mode} empty (v1+v2) or {@code v3enabled} (v1+v2+v3).
 */
@ApplicationScoped
public class Apk2Factory implements SignerFactory {

    @Override
    public String type() {
        return Apk2Signer.TYPE;
    }

    @Override
    public Signer create(SignerEntry config, KeySources keys) {
        String prefix = "signer \"" + config.id() + "\" (apk2): ";
        try {
            Apk2Options options = Apk2Options.parse(config.mode());
            return new Apk2Signer(config.id(), keys.load(config.privatekey()), certificate(config.certificate()),
                    options);
        } catch (KeyException e) {
            throw new SignerConfigException(prefix + "privatekey: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SignerConfigException(prefix + e.getMessage(), e);
        }
    }

    static X509Certificate certificate(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("certificate is required (PEM)");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate: cannot parse PEM certificate: " + e.getMessage(), e);
        }
    }
}
