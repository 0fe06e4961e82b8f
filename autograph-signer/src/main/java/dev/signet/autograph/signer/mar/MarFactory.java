package dev.signet.autograph.signer.mar;

import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeyException;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerFactory;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code type: mar}: {@code privatekey} (RSA ≥ 2048 bits, or ECDSA P-256/P-384; PEM or HSM label). No mode. */
@ApplicationScoped
public class MarFactory implements SignerFactory {

    @Override
    public String type() {
        return MarSigner.TYPE;
    }

    @Override
    public Signer create(SignerEntry config, KeySources keys) {
        String prefix = "signer \"" + config.id() + "\" (mar): ";
        if (config.mode() != null && !config.mode().isEmpty()) {
            throw new SignerConfigException(prefix + "mar has no modes, got \"" + config.mode() + "\"");
        }
        try {
            return new MarSigner(config.id(), keys.load(config.privatekey()));
        } catch (KeyException e) {
            throw new SignerConfigException(prefix + "privatekey: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SignerConfigException(prefix + e.getMessage(), e);
        }
    }
}
