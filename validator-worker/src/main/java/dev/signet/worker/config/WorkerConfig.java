package dev.signet.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Everything the worker can be told. The local stack passes these as {@code -Dworker.*} system properties. */
@ConfigMapping(prefix = "worker")
public interface WorkerConfig {

    Kafka kafka();

    Storage storage();

    Signer signer();

    Validation validation();

    Retry retry();

    interface Kafka {
        @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
        String bootstrapServers();

        @WithDefault("validator-worker")
        String groupId();

        /** Small, so a rebalance never waits behind a long batch of validations. */
        @WithDefault("1")
        int maxPollRecords();

        /** Upper bound for one poll batch; must exceed max-poll-records × (validation + all signer attempts). */
        @WithDefault("PT15M")
        Duration maxPollInterval();

        @WithDefault("PT3S")
        Duration healthTimeout();
    }

    interface Storage {
        /** Root directory of the blob store shared with amo-api. */
        Path root();
    }

    interface Signer {
        /** Base URL of the signer, e.g. {@code http://127.0.0.1:8000}; give http URLs an explicit port. */
        String url();

        String hawkId();

        String hawkKey();

        /** Signer to use; empty = the authorization's default signer. */
        Optional<String> keyid();

        @WithDefault("PT30S")
        Duration timeout();
    }

    interface Validation {
        @WithDefault("PT360S")
        Duration timeout();

        @WithDefault("5000")
        int maxEntries();

        /** 100 MiB, AMO's FILE_UNZIP_SIZE_LIMIT. */
        @WithDefault("104857600")
        long maxEntrySize();

        /** 250 MiB, AMO's MAX_ZIP_UNCOMPRESSED_SIZE. */
        @WithDefault("262144000")
        long maxTotalSize();

        /** Uncompressed/compressed ratio above which an entry larger than 1 MiB counts as a zip bomb. */
        @WithDefault("100")
        int maxCompressionRatio();
    }

    interface Retry {
        /** Attempts for one signer call, the first included; only transient failures are retried. */
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("PT0.5S")
        Duration initialBackoff();

        @WithDefault("PT10S")
        Duration maxBackoff();
    }
}
