package dev.signet.autograph.signer;

import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;

/**
 * Builds signers of one {@link #type()}. Implementations are CDI beans, so adding a signer type is one new
 * package with its factory; the registry discovers it.
 */
public interface SignerFactory {

    String type();

    /** Builds and self-tests a signer; throws {@link dev.signet.autograph.config.SignerConfigException}. */
    Signer create(SignerEntry config, KeySources keys);
}
