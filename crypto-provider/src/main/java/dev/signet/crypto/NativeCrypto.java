package dev.signet.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;

/**
 * Amazon Corretto Crypto Provider (AWS-LC) as the JVM's most preferred JCA provider. The JDK's SHA-256 is fast only
 * once C2 has compiled it (its SHA-NI intrinsic is C2's): a cold or C1-only JVM hashes a 1 MB upload in ~13 ms
 * instead of ~1.3 ms, while AWS-LC's native code takes ~1.2 ms from the first call (docs/benchmarks.md). Every
 * {@code MessageDigest}, {@code Mac} and {@code Cipher} looked up by name then runs natively; where the native
 * library cannot load (another OS or CPU), the JDK's providers stay, with the reason.
 */
public final class NativeCrypto {

    private NativeCrypto() {
    }

    /** Why ACCP cannot be used on this platform, or empty when it loads and passes its self-tests. */
    public static Optional<Throwable> unavailability() {
        try {
            Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            if (error == null) {
                AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            }
            return Optional.ofNullable(error);
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(e);
        }
    }

    /** ACCP itself, for callers that pick a provider explicitly. */
    public static Provider accp() {
        return AmazonCorrettoCryptoProvider.INSTANCE;
    }

    /**
     * Makes ACCP the most preferred provider when it is usable (idempotent) and says which providers now serve
     * lookups by name, for the caller's startup log.
     */
    public static String preferNative() {
        Optional<Throwable> problem = unavailability();
        if (problem.isPresent()) {
            return "JDK providers (Amazon Corretto Crypto Provider unavailable: " + problem.get().getMessage() + ")";
        }
        if (Security.getProvider(accp().getName()) == null) {
            AmazonCorrettoCryptoProvider.install();
        }
        return accp().getName() + " " + accp().getVersionStr() + " first";
    }
}
