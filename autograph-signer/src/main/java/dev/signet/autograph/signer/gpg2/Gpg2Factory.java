package dev.signet.autograph.signer.gpg2;

import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerFactory;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code type: gpg2}: {@code privatekey} (armored secret key or subkey), {@code publickey} (armored),
 * {@code keyid} (hex id or fingerprint of the signing key, optional {@code 0x}), {@code passphrase} (if the key
 * is protected), {@code mode} {@code gpg2} (default) or {@code debsign}. OpenPGP keys are not PEM, so they do
 * not go through {@link KeySources}.
 */
@ApplicationScoped
public class Gpg2Factory implements SignerFactory {

    @Override
    public String type() {
        return Gpg2Signer.TYPE;
    }

    @Override
    public Signer create(SignerEntry config, KeySources keys) {
        String prefix = "signer \"" + config.id() + "\" (gpg2): ";
        try {
            return create(config);
        } catch (IllegalArgumentException e) {
            throw new SignerConfigException(prefix + e.getMessage(), e);
        }
    }

    /** Builds the signer for the mode; throws {@link IllegalArgumentException} on bad configuration. */
    public static Gpg2Signer create(SignerEntry config) {
        Gpg2Options options = Gpg2Options.parse(config.mode(), config.keyid());
        OpenPgpKey key = OpenPgpKey.load(config.privatekey(), config.publickey(), options.keyId(),
                config.passphrase());
        String publicKey = config.publickey().strip() + "\n";
        return options.mode() == Gpg2Options.Mode.DEBSIGN
                ? new DebsignSigner(config.id(), options, key, publicKey)
                : new Gpg2Signer(config.id(), options, key, publicKey);
    }
}
