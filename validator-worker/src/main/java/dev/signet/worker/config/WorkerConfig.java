package dev.signet.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the worker can be told. The local stack passes these as {@code -Dworker.*} system properties. */
@ConfigMapping(prefix = "worker")
public interface WorkerConfig {

    Kafka kafka();

    Storage storage();

    Signer signer();

    Validation validation();

    Linter linter();

    Retry retry();

    Jobs jobs();

    /**
     * Digests and MACs (the signed file's SHA-256, Hawk's payload hash of each /sign/file body) on AWS-LC (Amazon
     * Corretto Crypto Provider) when its native library loads (dev.signet.crypto.NativeCrypto); {@code false}
     * keeps the JDK's providers.
     */
    @WithDefault("true")
    boolean nativeCrypto();

    interface Kafka {
        @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
        String bootstrapServers();

        @WithDefault("validator-worker")
        String groupId();

        /**
         * Members of the consumer group in this process: how many uploads one worker validates and signs at once.
         * More than the topic's partitions (4 in the local stack) leaves the extra ones idle.
         */
        @WithDefault("4")
        int consumers();

        /** Small, so a rebalance never waits behind a long batch of validations. */
        @WithDefault("1")
        int maxPollRecords();

        /** Longest gap between two polls; the loop keeps polling while a job runs, so no job length counts here. */
        @WithDefault("PT15M")
        Duration maxPollInterval();

        @WithDefault("PT3S")
        Duration healthTimeout();

        /**
         * How long the broker waits for a silent member before giving its partitions to another worker: the
         * pause after a worker is killed. Must lie within the broker's group.min/max.session.timeout.ms
         * (6 s to 30 min by default).
         */
        @WithDefault("PT10S")
        Duration sessionTimeout();

        /** At most a third of the session timeout. */
        @WithDefault("PT3S")
        Duration heartbeatInterval();

        /**
         * Static membership ({@code group.instance.id}): a worker restarted with the same id within the session
         * timeout gets its partitions back without a rebalance. Unique per running worker; empty = dynamic.
         */
        Optional<String> groupInstanceId();
    }

    interface Storage {
        /** Root directory of the blob store shared with amo-api. */
        Path root();

        /**
         * The worker's own scratch directory (uploads being validated, signer requests and responses). Emptied
         * at startup, so what a killed worker left behind does not pile up; never share it between workers.
         */
        @WithDefault("${java.io.tmpdir}/signet-validator-worker")
        Path tempDir();
    }

    interface Signer {
        /** Base URL of the signer, e.g. {@code http://127.0.0.1:8000}; give http URLs an explicit port. */
        String url();

        String hawkId();

        String hawkKey();

        /** Signer to use; empty = the authorization's default signer. */
        Optional<String> keyid();

        /** Per request; a 200 MiB add-on must fit in it (signing is about 1 s per 10 MB on a small host). */
        @WithDefault("PT120S")
        Duration timeout();

        /** The XPI signer's {@code pkcs7_digest} option: the PKCS#7 signature's digest, as AMO asks. */
        @WithDefault("SHA256")
        String pkcs7Digest();

        /** The XPI signer's {@code cose_algorithms} option; AMO asks for ES256 next to PKCS#7. Empty = none. */
        @WithDefault("ES256")
        List<String> coseAlgorithms();

        /**
         * Send the XPI as it is to Signet's {@code /sign/file/raw} instead of base64 in Autograph's JSON
         * {@code /sign/file}; same signature, none of the encoding. Set false for a signer that is Autograph itself.
         */
        @WithDefault("true")
        boolean rawFiles();
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

    /**
     * The real addons-linter, kept loaded in a few warm Node processes ({@code linter-server.cjs}, JSON lines on
     * stdin/stdout) that lint one file at a time.
     */
    interface Linter {
        /**
         * Where {@code linter-server.cjs} and {@code node_modules/addons-linter} are: what
         * {@code src/main/node/install.sh DIR} writes (the build writes {@code target/linter}).
         */
        Path dir();

        /** The Node.js 20+ executable. */
        @WithDefault("node")
        String node();

        /** Warm processes; each lints one file at a time and holds addons-linter in memory (about 200 MB). */
        @WithDefault("1")
        int processes();

        /** Longest a file may take in the linter; the process is then killed and replaced. */
        @WithDefault("PT300S")
        Duration timeout();

        /** Longest a new process may take to load the linter and say it is ready. */
        @WithDefault("PT60S")
        Duration startTimeout();

        /** A process is replaced after this many files, so whatever the linter leaks stays bounded. */
        @WithDefault("1000")
        int maxFilesPerProcess();

        /** Flags for every channel: AMO's for a listed version (its default channel). */
        @WithDefault("--max-manifest-version=3,--enable-data-collection-permissions=true")
        List<String> flags();

        /** Added for unlisted (self-distributed) versions, as AMO does. */
        @WithDefault("--self-hosted")
        List<String> unlistedFlags();
    }

    /**
     * Backoff for transient signer failures (connection refused, timeout, 5xx, 429, 409 in progress). They are
     * retried until the signer answers: an outage delays jobs, it never decides them.
     */
    interface Retry {
        @WithDefault("PT0.5S")
        Duration initialBackoff();

        /** Longest pause between two tries; each pause is jittered down by up to a half. */
        @WithDefault("PT30S")
        Duration maxBackoff();
    }

    interface Jobs {
        /**
         * Deliveries of one upload that may start processing; the next one publishes a failed validation
         * instead. Counted in the blob store before processing, so crashes and OOM kills count too.
         */
        @WithDefault("3")
        int maxAttempts();
    }
}
