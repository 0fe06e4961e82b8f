package dev.signet.autograph.signer;

import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.config.SignerFile;
import dev.signet.autograph.keys.KeySources;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** All configured signers, built at startup in config order; any signer that fails to load stops startup. */
@Startup
@ApplicationScoped
public class SignerRegistry {

    private static final Logger LOG = Logger.getLogger(SignerRegistry.class);

    private final Map<String, Signer> signers;

    public SignerRegistry(SignerFile file, Instance<SignerFactory> factories, KeySources keys) {
        Map<String, SignerFactory> byType = new HashMap<>();
        for (SignerFactory f : factories) {
            byType.put(f.type(), f);
        }
        Map<String, Signer> built = new LinkedHashMap<>();
        for (SignerEntry entry : file.signers()) {
            SignerFactory factory = byType.get(entry.type());
            if (factory == null) {
                throw new SignerConfigException("signer \"" + entry.id() + "\": unsupported type \"" + entry.type()
                        + "\" (supported: " + byType.keySet().stream().sorted().toList() + ")");
            }
            Signer signer;
            try {
                signer = factory.create(entry, keys);
            } catch (SignerConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SignerConfigException("signer \"" + entry.id() + "\": " + e.getMessage(), e);
            }
            built.put(entry.id(), signer);
            LOG.infof("signer %s loaded: type=%s mode=%s", signer.id(), signer.type(), signer.mode());
        }
        this.signers = Collections.unmodifiableMap(built);
    }

    public Signer get(String id) {
        return signers.get(id);
    }

    /** In config order. */
    public Collection<Signer> all() {
        return signers.values();
    }
}
