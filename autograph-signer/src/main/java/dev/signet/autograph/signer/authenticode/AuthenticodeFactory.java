package dev.signet.autograph.signer.authenticode;

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
import java.util.List;

/**
 * {@code type: authenticode}: {@code privatekey} (PEM, RSA ≥ 2048 bits or ECDSA), {@code certificate} (PEM
 * chain: the signing certificate first, then intermediates; the root may be left out). No mode.
 */
@ApplicationScoped
public class AuthenticodeFactory implements SignerFactory {

    @Override
    public String type() {
        return AuthenticodeSigner.TYPE;
    }

    @Override
    public Signer create(SignerEntry config, KeySources keys) {
        String prefix = "signer \"" + config.id() + "\" (authenticode): ";
        try {
            if (config.mode() != null && !config.mode().isEmpty()) {
                throw new IllegalArgumentException("authenticode has no modes, got \"" + config.mode() + "\"");
            }
            return new AuthenticodeSigner(config.id(), keys.load(config.privatekey()), chain(config.certificate()));
        } catch (KeyException e) {
            throw new SignerConfigException(prefix + "privatekey: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SignerConfigException(prefix + e.getMessage(), e);
        }
    }

    static List<X509Certificate> chain(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("certificate is required (PEM chain, signing certificate first)");
        }
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate: cannot parse PEM chain: " + e.getMessage(), e);
        }
    }
}
