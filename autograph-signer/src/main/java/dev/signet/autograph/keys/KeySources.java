package dev.signet.autograph.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;

/** Picks the {@link KeySource} that handles a {@code privatekey} reference. */
@ApplicationScoped
public class KeySources {

    private final List<KeySource> sources;

    public KeySources(Instance<KeySource> sources) {
        this.sources = sources.stream().toList();
    }

    public SigningKey load(String reference) throws KeyException {
        if (reference == null || reference.isBlank()) {
            throw new KeyException("no private key configured");
        }
        for (KeySource source : sources) {
            if (source.handles(reference)) {
                return source.load(reference);
            }
        }
        throw new KeyException("private key is neither PEM nor a label of a configured HSM (no HSM configured)");
    }
}
