package dev.signet.worker.crypto;

import dev.signet.worker.config.WorkerConfig;
import dev.signet.crypto.NativeCrypto;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/** Puts the native provider first before anything hashes, MACs or encrypts (worker.native-crypto). */
@ApplicationScoped
public class CryptoProviderSetup {

    private static final Logger LOG = Logger.getLogger(CryptoProviderSetup.class);

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, WorkerConfig config) {
        LOG.infof("crypto: %s",
                config.nativeCrypto() ? NativeCrypto.preferNative() : "JDK providers (worker.native-crypto=false)");
    }
}
