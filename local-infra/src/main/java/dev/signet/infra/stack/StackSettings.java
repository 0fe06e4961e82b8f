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

    /** {@code -Xmx} of a child without an entry in {@link #heaps()}. */
    public static final String DEFAULT_HEAP = "512m";

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
        return heaps.getOrDefault(child, DEFAULT_HEAP);
    }

    /** The defaults of {@code ./signet up}, each port overridable by an environment variable. */
    public static StackSettings fromEnvironment(Path dataDir, Path repoDir) {
        return new StackSettings(dataDir.toAbsolutePath(), repoDir.toAbsolutePath(),
                port("SIGNET_PG_PORT", 15432), port("SIGNET_KAFKA_PORT", 19092),
                port("SIGNET_KAFKA_CONTROLLER_PORT", 19093), port("SIGNET_SIGNER_PORT", 8000),
                port("SIGNET_WORKER_PORT", 8082), port("SIGNET_AMO_PORT", 8080), true, heapsFromEnvironment(),
                jvmOptionsFromEnvironment());
    }

    /**
     * SIGNET_JVM_OPTS_AMO_API etc.: more JVM options for one service, space-separated. None by default: C1-only
     * (-XX:TieredStopAtLevel=1) saves a cold stack's C2 compilations but hashes a megabyte in ~15 ms instead of
     * ~1 ms, since the JDK's SHA-256 intrinsic is C2's (benchmarks.md).
     */
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
