package dev.signet.infra.kafka;

import dev.signet.infra.process.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) in its own JVM, run from the
 * Maven Central jars listed at build time in {@code kafka-broker.classpath}. Storage is formatted on first
 * start and kept after, so topics and offsets survive restarts of the local stack.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final List<String> command;
    private final Map<String, Integer> topics;
    private volatile ChildProcess process;

    private KafkaBroker(Path dataDir, int port, List<String> command, Map<String, Integer> topics) {
        this.dataDir = dataDir;
        this.port = port;
        this.command = List.copyOf(command);
        this.topics = Map.copyOf(topics);
    }

    /**
     * Starts the broker on 127.0.0.1:{@code port} (its controller on {@code controllerPort}), waits until it
     * answers, and creates {@code topics} (each with {@code partitions} partitions) when missing.
     */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort, Map<String, Integer> topics)
            throws IOException {
        KafkaBroker broker = prepare(dataDir, port, controllerPort, topics, "512m");
        ChildProcess process = broker.startProcess();
        try {
            broker.awaitReady(process);
        } catch (IOException | RuntimeException | Error e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * Writes the config and formats the storage if needed, without starting the broker: for a supervisor that
     * starts it with {@link #startProcess()} and {@link #awaitReady(ChildProcess)}, again after every crash.
     */
    public static KafkaBroker prepare(Path dataDir, int port, int controllerPort, Map<String, Integer> topics,
            String heap) throws IOException {
        Path dir = dataDir.toAbsolutePath();
        Files.createDirectories(dir);
        Path config = writeConfig(dir, port, controllerPort);
        String classpath = brokerClasspath();
        formatIfNeeded(dir, config, classpath);
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaBinary(), "-Xms128m", "-Xmx" + heap,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-cp", classpath, "kafka.Kafka", config.toString()));
        return new KafkaBroker(dir, port, command, topics);
    }

    /** Starts a broker JVM on this config and data; the storage survives, so topics and offsets are kept. */
    public ChildProcess startProcess() throws IOException {
        process = ChildProcess.start("kafka", command, dataDir.resolve("kafka.log"));
        return process;
    }

    /** Returns once {@code child} answers and the topics exist. */
    public void awaitReady(ChildProcess child) throws IOException {
        awaitReadyAndCreate(child, topics, Duration.ofSeconds(90));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private static Path writeConfig(Path dir, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        p.setProperty("num.partitions", "4");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "generated by signet local-infra; rewritten at every start");
        }
        return file;
    }

    private static void formatIfNeeded(Path dir, Path config, String classpath) throws IOException {
        if (Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        ChildProcess.run("kafka storage format", List.of(ChildProcess.javaBinary(), "-cp", classpath,
                "kafka.tools.StorageTool",
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
                dir.resolve("format.log"), Duration.ofMinutes(2));
    }

    private void awaitReadyAndCreate(ChildProcess process, Map<String, Integer> topics, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("kafka: broker exited during start: " + process.describe());
                }
                try {
                    Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
                    List<NewTopic> missing = topics.entrySet().stream()
                            .filter(t -> !existing.contains(t.getKey()))
                            .map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1))
                            .collect(Collectors.toList());
                    if (!missing.isEmpty()) {
                        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                    }
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("kafka: not ready after " + timeout + ": " + e.getMessage()
                                + "\n" + process.describe(), e);
                    }
                    ChildProcess.pause(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("kafka: interrupted while starting", e);
                }
            }
        }
    }

    static String brokerClasspath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("/kafka-broker.classpath")) {
            if (in == null) {
                throw new IOException("kafka: kafka-broker.classpath missing from local-infra (build it with ./mvnw)");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            for (String jar : classpath.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(jar))) {
                    throw new IOException("kafka: broker jar missing: " + jar + " (run ./mvnw install to fetch it)");
                }
            }
            return classpath;
        }
    }


    /** Controlled shutdown (SIGTERM), forced after 30 s. */
    @Override
    public void close() {
        ChildProcess running = process;
        if (running != null) {
            running.stop(Duration.ofSeconds(30));
        }
    }

    @Override
    public String toString() {
        return "kafka " + bootstrapServers() + " in " + dataDir;
    }
}
