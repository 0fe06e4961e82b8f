package dev.signet.autograph.signer.contentsignature;

import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeyException;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerFactory;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code type: contentsignature}: {@code privatekey} (PEM or HSM label), optional {@code x5u}; no mode option. */
@ApplicationScoped
public class ContentSignatureFactory implements SignerFactory {

    @Override
    public String type() {
        return ContentSigner.TYPE;
    }

    @Override
    public Signer create(SignerEntry config, KeySources keys) {
        String prefix = "signer \"" + config.id() + "\" (contentsignature): ";
        try {
            ContentSigner signer = new ContentSigner(config.id(), keys.load(config.privatekey()),
                    emptyToNull(config.x5u()));
            if (config.mode() != null && !config.mode().isEmpty() && !config.mode().equals(signer.mode())) {
                throw new SignerConfigException(prefix + "mode \"" + config.mode() + "\" does not match the key's curve ("
                        + signer.mode() + "); the mode is derived from the key, omit it");
            }
            return signer;
        } catch (KeyException e) {
            throw new SignerConfigException(prefix + "privatekey: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SignerConfigException(prefix + e.getMessage(), e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
