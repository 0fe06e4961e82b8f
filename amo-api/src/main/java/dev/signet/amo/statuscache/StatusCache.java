package dev.signet.amo.statuscache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.mapping.UploadState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The state behind status documents, per replica, so that a client polling an unchanged upload costs no query and
 * no transaction. Correctness rests on the long-poll's NOTIFY channel: every change to an upload, and every new
 * upload of a version, is announced in its transaction and drops the entries it touches here (on every replica,
 * after commit). An entry is only trusted while the listener has been connected since the entry was loaded: each
 * (re)connect starts a new epoch and older entries are ignored, because announcements made while it was down are
 * lost. A load and an announcement for the same key are serialised by the cache, so a load that read the old row
 * is dropped by the announcement that follows it.
 */
@ApplicationScoped
public class StatusCache {

    /** {@code pk} null: the latest upload of the version, which a new upload changes. */
    public record Key(String guid, String version, UUID pk) {
    }

    /** The add-on's owner decides who may see it; kept with the state so a hit needs nothing else. */
    public record Owned(long ownerId, UploadState state) {
    }

    private record Entry(long epoch, Owned value) {
    }

    private static final long DISCONNECTED = -1;

    private final boolean enabled;
    private final Cache<Key, Entry> entries;
    private final AtomicLong epoch = new AtomicLong(DISCONNECTED);
    private long epochs;

    public StatusCache(AmoConfig config) {
        AmoConfig.StatusCache settings = config.statusCache();
        this.enabled = settings.enabled();
        this.entries = Caffeine.newBuilder()
                .expireAfterWrite(settings.ttl())
                .maximumWeight(Math.max(1, settings.maxSize().asLongValue() / 1024))
                .<Key, Entry>weigher((key, entry) -> 1 + entry.value().state().validationLength() / 1024)
                .build();
    }

    /**
     * The cached value for {@code key}, or what {@code load} returns (cached when it returns normally while the
     * listener is connected). An exception from {@code load} (not found, forbidden) reaches the caller uncached.
     */
    public Owned get(Key key, Function<Key, Owned> load) {
        long current = epoch.get();
        if (!enabled || current == DISCONNECTED) {
            return load.apply(key);
        }
        Entry hit = entries.getIfPresent(key);
        if (hit != null && hit.epoch() == current) {
            return hit.value();
        }
        if (hit != null) {
            entries.asMap().remove(key, hit);
        }
        // Loaded inside the cache's per-key computation: an announcement for this key waits for it, then drops it.
        return entries.get(key, k -> new Entry(current, load.apply(k))).value();
    }

    /** An announced change: the version's latest-upload entry and the upload's own entry go. */
    public void changed(UUID upload, String guid, String version) {
        entries.invalidate(new Key(guid, version, null));
        entries.invalidate(new Key(guid, version, upload));
    }

    /** An announcement without the add-on and version (an older replica's): nothing can be trusted. */
    public void changedUnknown() {
        entries.invalidateAll();
    }

    /** The listener is connected and LISTENing again: entries from before cannot be trusted. */
    public synchronized void listening() {
        epochs++;
        epoch.set(epochs);
        entries.invalidateAll();
    }

    /** The listener lost its connection: announcements may be lost from now on. */
    public void notListening() {
        epoch.set(DISCONNECTED);
    }

    /** Entries held, for tests and metrics. */
    public long size() {
        return entries.estimatedSize();
    }
}
