package dev.signet.amo.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** amo-api settings. Production values come from the environment; a missing secret stops startup naming it. */
@ConfigMapping(prefix = "amo")
public interface AmoConfig {

    Kafka kafka();

    Storage storage();

    Upload upload();

    Secrets secrets();

    Jwt jwt();

    Outbox outbox();

    /** Absolute base URL used in response links (e.g. https://signing.example.com); default: from the request. */
    Optional<String> publicUrl();

    /** Creates this API key at startup when missing: the local stack's dev credentials. */
    Optional<Bootstrap> bootstrap();

    interface Kafka {
        String bootstrapServers();

        @WithDefault("amo-api")
        String groupId();
    }

    interface Storage {
        /** Directory of the blob store shared with validator-worker. */
        String root();
    }

    interface Upload {
        MemorySize maxSize();
    }

    interface Secrets {
        /** Base64 of the 32-byte AES key that encrypts API secrets at rest. */
        String key();
    }

    interface Jwt {
        /** Longest accepted exp - iat; AMO allows 300 s, web-ext sometimes produces 301. */
        @WithDefault("305s")
        Duration maxLifetime();

        /** Clock leeway for iat in the future and for exp. */
        @WithDefault("5s")
        Duration leeway();

        @WithDefault("api")
        String realm();
    }

    interface Outbox {
        /** How often the relay looks for unpublished messages when nothing woke it. */
        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("100")
        int batchSize();
    }

    interface Bootstrap {
        String apiKey();

        String apiSecret();

        /** Display name of the bootstrap user (default: developer). */
        Optional<String> userName();
    }
}
