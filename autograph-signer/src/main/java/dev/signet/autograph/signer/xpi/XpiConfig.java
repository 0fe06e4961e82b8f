package dev.signet.autograph.signer.xpi;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service-wide xpi settings ({@code application.properties}); per-signer settings are in the signer YAML. */
@ConfigMapping(prefix = "signer.xpi")
public interface XpiConfig {

    /**
     * Pre-generated RSA end-entity keys kept per signer and key size; 0 disables the pool (every key is generated
     * inline). A signer's {@code rsacacheconfig.numkeys} overrides it.
     */
    @WithDefault("16")
    int keyPoolSize();

    /** Background threads filling each pool; {@code rsacacheconfig.numgenerators} overrides it. */
    @WithDefault("1")
    int keyPoolThreads();

    /** Most entries accepted in an XPI. */
    @WithDefault("100000")
    int maxEntries();

    /** Most bytes all entries of an XPI may inflate to (zip-bomb bound). */
    @WithDefault("1G")
    MemorySize maxUncompressedSize();
}
