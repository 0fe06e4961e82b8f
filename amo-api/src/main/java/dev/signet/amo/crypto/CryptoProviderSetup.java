package dev.signet.amo.crypto;

import dev.signet.amo.config.AmoConfig;
import dev.signet.crypto.NativeCrypto;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/** Puts the native provider first before anything hashes, MACs or encrypts (amo.native-crypto). */
@ApplicationScoped
public class CryptoProviderSetup {

    private static final Logger LOG = Logger.getLogger(CryptoProviderSetup.class);

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, AmoConfig config) {
        LOG.infof("crypto: %s",
                config.nativeCrypto() ? NativeCrypto.preferNative() : "JDK providers (amo.native-crypto=false)");
    }
}
