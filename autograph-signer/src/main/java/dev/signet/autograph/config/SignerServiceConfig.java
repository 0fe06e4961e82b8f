package dev.signet.autograph.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Service settings ({@code application.properties}); signers and authorizations live in {@link #configFile()}. */
@ConfigMapping(prefix = "signer")
public interface SignerServiceConfig {

    /** The YAML file with {@code signers}, {@code authorizations} and {@code monitoring}. Required. */
    Path configFile();

    Hawk hawk();

    /** Largest accepted request body; larger bodies get 413 as soon as the limit is crossed while reading. */
    @WithDefault("100M")
    MemorySize maxBodySize();

    /**
     * JCA provider for software keys: {@code ACCP} (Amazon Corretto Crypto Provider, AWS-LC), {@code BC} (Bouncy
     * Castle), {@code JDK} (SunEC/SunRsaSign), or {@code auto}: ACCP when it loads on this platform, else BC.
     */
    @WithDefault("auto")
    String jcaProvider();

    /** How often the monitor signs with every signer; {@code /__monitor__} answers from the last pass. */
    @WithDefault("5m")
    Duration monitorInterval();

    Heartbeat heartbeat();

    /** Overrides the build-time {@code /__version__} document with a file (Autograph serves ./version.json). */
    Optional<Path> versionFile();

    interface Heartbeat {
        /** A signer check younger than this answers {@code /__heartbeat__}; older ones are redone. */
        @WithDefault("10s")
        Duration maxAge();

        /** A check that takes longer fails the heartbeat (a hung HSM). */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Hawk {
        /** Accepted |server time − ts|; outside it the request is refused with the server time. */
        @WithDefault("60s")
        Duration timestampSkew();

        /** Bound of the (id, nonce) replay cache. */
        @WithDefault("500000")
        int nonceCacheSize();
    }
}
