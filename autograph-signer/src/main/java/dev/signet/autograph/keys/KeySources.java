package dev.signet.autograph.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/** Picks the {@link KeySource} that handles a {@code privatekey} reference. */
@ApplicationScoped
public class KeySources {

    private final List<KeySource> sources;

    @Inject
    public KeySources(Instance<KeySource> sources) {
        this(sources.stream().toList());
    }

    public KeySources(List<KeySource> sources) {
        this.sources = List.copyOf(sources);
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
