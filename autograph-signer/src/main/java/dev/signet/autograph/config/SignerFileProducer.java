package dev.signet.autograph.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Loads the signer YAML once; a bad file stops startup with a message naming the entry at fault. */
public class SignerFileProducer {

    private static final Logger LOG = Logger.getLogger(SignerFileProducer.class);

    @Produces
    @Singleton
    SignerFile signerFile(SignerServiceConfig config) {
        SignerFile file = SignerFileLoader.load(config.configFile());
        LOG.infof("loaded %s: %d signers, %d authorizations, monitoring %s", config.configFile(),
                file.signers().size(), file.authorizations().size(),
                file.monitoring() != null && file.monitoring().key() != null ? "enabled" : "disabled");
        return file;
    }
}
