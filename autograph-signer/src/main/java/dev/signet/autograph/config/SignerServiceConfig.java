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

    Body body();

    /**
     * Where request bodies and files being signed are spooled. Each signer process works in its own
     * {@code run-*} subdirectory, locked while it runs; at startup the subdirectories of processes that are gone
     * (a killed signer) are deleted, so temp files never outlive their process for long.
     */
    @WithDefault("${java.io.tmpdir}/signet-signer")
    Path tempDir();

    Idempotency idempotency();

    Http http();

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

    interface Body {
        /** Bodies up to this size are read into memory in one go (the fast path); larger ones are spooled. */
        @WithDefault("1M")
        MemorySize inMemoryMax();

        /**
         * Bytes all spooled (larger than {@link #inMemoryMax()}) bodies may hold at once, counted by their
         * Content-Length; beyond it a request gets 503 with {@code Retry-After} instead of queueing.
         */
        @WithDefault("1G")
        MemorySize largeBudget();

        /** The {@code Retry-After} seconds of that 503. */
        @WithDefault("5")
        int retryAfterSeconds();
    }

    /**
     * Limits answered with the service's JSON errors before any route; {@code quarkus.http.limits.*} stay above
     * them as the HTTP layer's hard backstop (whose own answers have empty bodies).
     */
    interface Http {
        /** Longest request target (path and query); longer gets 414. */
        @WithDefault("8192")
        int maxRequestTargetLength();

        /** Largest total of the request headers; larger gets 431. */
        @WithDefault("16K")
        MemorySize maxHeaderSize();
    }

    interface Idempotency {
        /**
         * Stored responses and in-flight locks of {@code Idempotency-Key} requests. A shared volume when signers
         * have replicas: the in-flight lock is an OS file lock, so it works across processes and dies with them.
         */
        @WithDefault("${java.io.tmpdir}/signet-signer-idempotency")
        Path dir();

        /** How long a stored response is replayed; older ones are deleted by a periodic cleanup. */
        @WithDefault("24h")
        Duration retention();

        /** How often that cleanup runs. */
        @WithDefault("10m")
        Duration cleanupInterval();
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
