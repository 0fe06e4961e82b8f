package dev.signet.autograph.keys;

import dev.signet.crypto.NativeCrypto;
import java.security.Provider;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jboss.logging.Logger;

/**
 * The JCA provider software keys sign with ({@code signer.jca-provider}). Measured on the 2-core build machine
 * (docs/benchmarks.md): P-384 signatures per second on one thread are ~14,600 with ACCP (AWS-LC), ~4,500 with
 * Bouncy Castle and ~850 with the JDK's SunEC, so {@code auto} takes ACCP when its native library loads on this
 * platform and Bouncy Castle (pure Java) otherwise.
 */
public final class JcaProviders {

    private static final Logger LOG = Logger.getLogger(JcaProviders.class);
    private static final Provider BC = new BouncyCastleProvider();

    public enum Choice { AUTO, ACCP, BC, JDK }

    private JcaProviders() {
    }

    public static Choice parse(String name) {
        try {
            return Choice.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signer.jca-provider: unknown provider \"" + name
                    + "\" (auto, ACCP, BC or JDK)");
        }
    }

    /**
     * The provider for {@code name}; null means the JDK defaults. {@code ACCP} that cannot load is an error,
     * {@code auto} then falls back to Bouncy Castle.
     */
    public static Provider resolve(String name) {
        return switch (parse(name)) {
            case BC -> BC;
            case JDK -> null;
            case ACCP -> {
                Throwable error = accpLoadingError();
                if (error != null) {
                    throw new IllegalStateException("signer.jca-provider=ACCP but Amazon Corretto Crypto Provider "
                            + "cannot load on this platform: " + error.getMessage(), error);
                }
                yield NativeCrypto.accp();
            }
            case AUTO -> accpLoadingError() == null ? NativeCrypto.accp() : BC;
        };
    }

    /**
     * Resolves and, for ACCP, installs it as the most preferred JCA provider so that everything else on the hot
     * path (Hawk's HMAC-SHA256 and SHA-256, digests) runs on AWS-LC too.
     */
    public static Provider install(String name) {
        Provider p = resolve(name);
        if (p == NativeCrypto.accp()) {
            NativeCrypto.preferNative();
        }
        if (parse(name) == Choice.AUTO && p == BC) {
            LOG.warnf("signer.jca-provider=auto: Amazon Corretto Crypto Provider unavailable (%s); using Bouncy Castle",
                    accpLoadingError() == null ? "?" : accpLoadingError().getMessage());
        }
        return p;
    }

    public static String describe(Provider p) {
        return p == null ? "JDK default providers" : p.getName() + " " + p.getVersionStr();
    }

    private static Throwable accpLoadingError() {
        return NativeCrypto.unavailability().orElse(null);
    }
}
