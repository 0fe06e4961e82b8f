package dev.signet.infra.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The ports a stack was started on, kept in {@code <data>/ports.properties}, so that {@code ./signet status} and
 * {@code ./signet env} in another terminal describe the running stack even when {@code up} had other
 * {@code SIGNET_*_PORT} variables than they have.
 */
final class StackPorts {

    private static final String FILE = "ports.properties";

    private StackPorts() {
    }

    static void write(StackSettings s) throws IOException {
        Properties p = new Properties();
        p.setProperty("postgres", String.valueOf(s.postgresPort()));
        p.setProperty("kafka", String.valueOf(s.kafkaPort()));
        p.setProperty("kafka-controller", String.valueOf(s.kafkaControllerPort()));
        p.setProperty("autograph-signer", String.valueOf(s.signerPort()));
        p.setProperty("validator-worker", String.valueOf(s.workerPort()));
        p.setProperty("amo-api", String.valueOf(s.amoPort()));
        try (Writer out = Files.newBufferedWriter(s.dataDir().resolve(FILE))) {
            p.store(out, "ports of the last ./signet up");
        }
    }

    /** The settings of the last {@code up} on {@code data}, else those the environment gives. */
    static StackSettings settings(Path data, Path repo) throws IOException {
        StackSettings env = StackSettings.fromEnvironment(data, repo);
        Path file = data.resolve(FILE);
        if (!Files.exists(file)) {
            return env;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return new StackSettings(env.dataDir(), env.repoDir(), port(p, "postgres", env.postgresPort()),
                port(p, "kafka", env.kafkaPort()), port(p, "kafka-controller", env.kafkaControllerPort()),
                port(p, "autograph-signer", env.signerPort()), port(p, "validator-worker", env.workerPort()),
                port(p, "amo-api", env.amoPort()), env.durable(), env.heaps(), env.extraProperties());
    }

    private static int port(Properties p, String name, int fallback) {
        String value = p.getProperty(name);
        return value == null ? fallback : Integer.parseInt(value.trim());
    }
}
