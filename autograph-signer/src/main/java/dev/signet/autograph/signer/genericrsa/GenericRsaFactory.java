package dev.signet.autograph.signer.genericrsa;

import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeyException;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;

/**
 * {@code type: genericrsa}: {@code privatekey}, {@code mode} (pss|pkcs15), {@code hash} (sha1|sha256),
 * {@code saltlength} (pss only), optional {@code publickey} which, when given, must match the private key.
 */
@ApplicationScoped
public class GenericRsaFactory implements SignerFactory {

    @Override
    public String type() {
        return GenericRsaSigner.TYPE;
    }

    @Override
    public Signer create(SignerEntry config, KeySources keys) {
        String prefix = "signer \"" + config.id() + "\" (genericrsa): ";
        try {
            RsaOptions options = RsaOptions.parse(config.mode(), config.hash(), config.saltlength());
            SigningKey key = keys.load(config.privatekey());
            if (config.publickey() != null && !config.publickey().isBlank()
                    && !Arrays.equals(parsePublicKey(config.publickey()).getEncoded(), key.publicKey().getEncoded())) {
                throw new SignerConfigException(prefix + "publickey does not match privatekey");
            }
            return new GenericRsaSigner(config.id(), key, options);
        } catch (KeyException e) {
            throw new SignerConfigException(prefix + "privatekey: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SignerConfigException(prefix + e.getMessage(), e);
        }
    }

    private static PublicKey parsePublicKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem.strip()))) {
            Object o = parser.readObject();
            if (!(o instanceof SubjectPublicKeyInfo spki)) {
                throw new IllegalArgumentException("publickey: expected a PEM PUBLIC KEY");
            }
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("publickey: " + e.getMessage(), e);
        }
    }
}
