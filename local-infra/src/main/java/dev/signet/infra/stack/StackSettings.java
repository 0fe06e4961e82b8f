package dev.signet.infra.stack;

import java.nio.file.Path;

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
        boolean durable) {

    /** The defaults of {@code ./signet up}, each port overridable by an environment variable. */
    public static StackSettings fromEnvironment(Path dataDir, Path repoDir) {
        return new StackSettings(dataDir.toAbsolutePath(), repoDir.toAbsolutePath(),
                port("SIGNET_PG_PORT", 15432), port("SIGNET_KAFKA_PORT", 19092),
                port("SIGNET_KAFKA_CONTROLLER_PORT", 19093), port("SIGNET_SIGNER_PORT", 8000),
                port("SIGNET_WORKER_PORT", 8082), port("SIGNET_AMO_PORT", 8080), true);
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
