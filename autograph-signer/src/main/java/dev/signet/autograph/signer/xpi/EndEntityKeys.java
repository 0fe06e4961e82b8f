package dev.signet.autograph.signer.xpi;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fresh end-entity keys per signature. RSA keys come from a background-filled {@link KeyPool} per key size (one
 * for the issuer's size, created at startup; one for PS256 COSE keys when the issuer is ECDSA, created on first
 * use); EC keys cost about a millisecond and are generated inline.
 */
final class EndEntityKeys implements AutoCloseable {

    private final String signerId;
    private final int capacity;
    private final int threads;
    private final Map<KeySpec, KeyPool> pools = new ConcurrentHashMap<>();

    EndEntityKeys(String signerId, KeySpec issuerSpec, int capacity, int threads) {
        this.signerId = signerId;
        this.capacity = capacity;
        this.threads = threads;
        pool(issuerSpec);
    }

    KeyPair take(KeySpec spec) throws GeneralSecurityException {
        return pool(spec).take();
    }

    KeyPool pool(KeySpec spec) {
        return pools.computeIfAbsent(spec, s -> new KeyPool(signerId + "-" + s, s::generate,
                s.isRsa() ? capacity : 0, threads));
    }

    @Override
    public void close() {
        pools.values().forEach(KeyPool::close);
    }
}
