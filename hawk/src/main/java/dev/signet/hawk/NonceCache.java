package dev.signet.hawk;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seen (credential id, nonce) pairs, each kept until the request's timestamp leaves the skew window, bounded in
 * size. When full of still-live entries the oldest is evicted (as Autograph's LRU does) and counted, so a flood
 * of authenticated requests cannot stop service; the eviction count is exposed for monitoring.
 */
final class NonceCache {

    private record Key(String id, String nonce) {
    }

    private final int maxSize;
    private final LinkedHashMap<Key, Long> entries = new LinkedHashMap<>();
    private long evictions;

    NonceCache(int maxSize) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("hawk: nonce cache size must be > 0, got " + maxSize);
        }
        this.maxSize = maxSize;
    }

    /**
     * Records the nonce and returns true, or returns false when it is already recorded and not expired. An entry
     * lives until {@code expiresAtMillis} inclusive, matching the inclusive skew check.
     */
    synchronized boolean add(String id, String nonce, long expiresAtMillis, long nowMillis) {
        purgeExpired(nowMillis);
        Key key = new Key(id, nonce);
        Long previous = entries.get(key);
        if (previous != null && previous >= nowMillis) {
            return false;
        }
        if (previous != null) {
            entries.remove(key);
        }
        while (entries.size() >= maxSize) {
            Iterator<Map.Entry<Key, Long>> eldest = entries.entrySet().iterator();
            eldest.next();
            eldest.remove();
            evictions++;
        }
        entries.put(key, expiresAtMillis);
        return true;
    }

    /** Whether the nonce is recorded and not expired; records nothing. */
    synchronized boolean contains(String id, String nonce, long nowMillis) {
        Long expires = entries.get(new Key(id, nonce));
        return expires != null && expires >= nowMillis;
    }

    // Insertion order is close to expiry order (expiry = ts + skew); stop at the first live entry.
    private void purgeExpired(long nowMillis) {
        Iterator<Map.Entry<Key, Long>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() >= nowMillis) {
                return;
            }
            it.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long evictions() {
        return evictions;
    }
}
