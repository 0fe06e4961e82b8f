package dev.signet.autograph.keys;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;

/**
 * A private key in some custody (memory, HSM) with its public key and the JCA provider that must perform
 * operations with it ({@code null}: the JCA default for the algorithm). Signers only see this, never where the
 * key came from.
 */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey, Provider provider) {

    @Override
    public String toString() {
        return "SigningKey[" + publicKey.getAlgorithm() + ", provider=" + (provider == null ? "default" : provider.getName()) + "]";
    }
}
