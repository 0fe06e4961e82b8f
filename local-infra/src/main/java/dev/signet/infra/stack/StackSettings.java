package dev.signet.infra.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the local stack keeps its data, where it finds the built services, and the ports it uses. All ports
 * are on 127.0.0.1.
 */
public record StackSettings(
        Path dataDir,
        Path repoDir,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int signerPort,
        int workerPort,
        int amoPort,
        boolean durable,
        Map<String, String> heaps,
        Map<String, List<String>> extraProperties) {

    /** The services {@link LocalStack} runs, in start order. */
    public static final List<String> SERVICES = List.of("autograph-signer", "validator-worker", "amo-api");

    /** {@code -Xmx} of a child without an entry in {@link #heaps()} or {@link #SERVICE_HEAPS}. */
    public static final String DEFAULT_HEAP = "512m";

    /**
     * The signer's own default: its requests are small or streamed through files, and it is the service meant to
     * stay under 256 MB resident (benchmarks.md, "Signer memory").
     */
    public static final Map<String, String> SERVICE_HEAPS = Map.of("autograph-signer", "128m");

    /**
     * JVM options each service starts with, before SIGNET_JVM_OPTS_<SERVICE> (whose options come later and so
     * win). The signer: the serial collector (G1's own structures were ~47 MB of a 512 MB heap's process) and a
     * periodic trim of the C heap, which otherwise keeps what C2's compilations and AWS-LC freed. amo-api: C1
     * only, which saves a cold stack's C2 compilations (a third of amo-api's CPU in its first minutes); its
     * hashing no longer needs C2 since AWS-LC digests (amo.native-crypto). Measured in benchmarks.md.
     */
    public static final Map<String, List<String>> SERVICE_JVM_OPTIONS = Map.of(
            "autograph-signer", List.of("-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=5000"),
            "amo-api", List.of("-XX:TieredStopAtLevel=1"));

    public StackSettings {
        heaps = Map.copyOf(heaps);
        extraProperties = Map.copyOf(extraProperties);
    }

    /** Every child at {@value #DEFAULT_HEAP}. */
    public StackSettings(Path dataDir, Path repoDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
            int signerPort, int workerPort, int amoPort, boolean durable) {
        this(dataDir, repoDir, postgresPort, kafkaPort, kafkaControllerPort, signerPort, workerPort, amoPort,
                durable, Map.of(), Map.of());
    }

    /** The same settings with {@code -Xmx<xmx>} for {@code child} (a service module name or {@code kafka}). */
    public StackSettings withHeap(String child, String xmx) {
        Map<String, String> changed = new HashMap<>(heaps);
        changed.put(child, xmx);
        return new StackSettings(dataDir, repoDir, postgresPort, kafkaPort, kafkaControllerPort, signerPort,
                workerPort, amoPort, durable, changed, extraProperties);
    }

    /**
     * The same settings with PostgreSQL durable (fsync, synchronous commit) or not: a test that stops PostgreSQL
     * immediately needs a durable cluster, or commits it acknowledged may be gone after the restart.
     */
    public StackSettings withDurable(boolean durableCluster) {
        return new StackSettings(dataDir, repoDir, postgresPort, kafkaPort, kafkaControllerPort, signerPort,
                workerPort, amoPort, durableCluster, heaps, extraProperties);
    }

    /**
     * The same settings with one more {@code -D} property for {@code module}, kept across the supervisor's
     * restarts (e.g. {@code -Damo.throttle.enabled=false} for a load test).
     */
    public StackSettings withProperty(String module, String property) {
        Map<String, List<String>> changed = new HashMap<>(extraProperties);
        List<String> list = new ArrayList<>(changed.getOrDefault(module, List.of()));
        list.add(property);
        changed.put(module, List.copyOf(list));
        return new StackSettings(dataDir, repoDir, postgresPort, kafkaPort, kafkaControllerPort, signerPort,
                workerPort, amoPort, durable, heaps, changed);
    }

    /** The extra {@code -D} properties of {@code module}. */
    public List<String> properties(String module) {
        return extraProperties.getOrDefault(module, List.of());
    }

    /** The same settings with {@code -Xmx<xmx>} for all three services. */
    public StackSettings withServiceHeap(String xmx) {
        StackSettings result = this;
        for (String service : SERVICES) {
            result = result.withHeap(service, xmx);
        }
        return result;
    }

    /** The {@code -Xmx} value (e.g. {@code 512m}) for a service module or {@code kafka}. */
    public String heap(String child) {
        return heaps.getOrDefault(child, SERVICE_HEAPS.getOrDefault(child, DEFAULT_HEAP));
    }

    /** The default JVM options of a service module, then its SIGNET_JVM_OPTS_<SERVICE> options. */
    public List<String> jvmOptions(String module) {
        List<String> all = new ArrayList<>(SERVICE_JVM_OPTIONS.getOrDefault(module, List.of()));
        all.addAll(properties(module));
        return all;
    }

    /** The defaults of {@code ./signet up}, each port overridable by an environment variable. */
    public static StackSettings fromEnvironment(Path dataDir, Path repoDir) {
        return new StackSettings(dataDir.toAbsolutePath(), repoDir.toAbsolutePath(),
                port("SIGNET_PG_PORT", 15432), port("SIGNET_KAFKA_PORT", 19092),
                port("SIGNET_KAFKA_CONTROLLER_PORT", 19093), port("SIGNET_SIGNER_PORT", 8000),
                port("SIGNET_WORKER_PORT", 8082), port("SIGNET_AMO_PORT", 8080), true, heapsFromEnvironment(),
                jvmOptionsFromEnvironment());
    }

    /** SIGNET_JVM_OPTS_AMO_API etc.: more JVM options for one service, space-separated, after its defaults. */
    private static Map<String, List<String>> jvmOptionsFromEnvironment() {
        Map<String, List<String>> options = new HashMap<>();
        for (String service : SERVICES) {
            String value = System.getenv("SIGNET_JVM_OPTS_" + service.toUpperCase().replace('-', '_'));
            if (value != null && !value.isBlank()) {
                options.put(service, List.of(value.trim().split("\\s+")));
            }
        }
        return options;
    }

    // SIGNET_HEAP sets every service's -Xmx (e.g. 256m); SIGNET_HEAP_AMO_API etc. one service's.
    private static Map<String, String> heapsFromEnvironment() {
        Map<String, String> heaps = new HashMap<>();
        for (String service : SERVICES) {
            String value = System.getenv("SIGNET_HEAP_" + service.toUpperCase().replace('-', '_'));
            String all = System.getenv("SIGNET_HEAP");
            if (value != null && !value.isBlank()) {
                heaps.put(service, value.trim());
            } else if (all != null && !all.isBlank()) {
                heaps.put(service, all.trim());
            }
        }
        return heaps;
    }

    private static int port(String env, int fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    Path serviceJar(String module) {
        return repoDir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String amoUrl() {
        return "http://127.0.0.1:" + amoPort;
    }

    public String signerUrl() {
        return "http://127.0.0.1:" + signerPort;
    }
}
