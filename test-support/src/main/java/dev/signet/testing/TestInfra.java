package dev.signet.testing;

import dev.signet.infra.kafka.KafkaBroker;
import dev.signet.infra.postgres.PostgresServer;
import dev.signet.infra.process.Ports;
import dev.signet.model.jobs.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The real PostgreSQL and Kafka that integration tests run against, started once per test JVM in a temp
 * directory on free ports and stopped when the JVM exits. Set {@code SIGNET_TEST_KEEP=1} to keep the
 * directory for a post-mortem.
 */
public final class TestInfra {

    private static PostgresServer postgres;
    private static KafkaBroker kafka;

    private TestInfra() {
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            try {
                postgres = PostgresServer.start(baseDir().resolve("postgres"), Ports.free(), false);
            } catch (IOException e) {
                throw new UncheckedIOException("test infra: postgres did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-test-postgres"));
        }
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            try {
                kafka = KafkaBroker.start(baseDir().resolve("kafka"), Ports.free(), Ports.free(),
                        Map.of(Topics.UPLOAD_JOBS, 4, Topics.UPLOAD_RESULTS, 4));
            } catch (IOException e) {
                throw new UncheckedIOException("test infra: kafka did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "stop-test-kafka"));
        }
        return kafka;
    }

    private static Path base;

    private static synchronized Path baseDir() throws IOException {
        if (base == null) {
            // World-traversable: PostgreSQL runs as the postgres OS user when the tests run as root.
            base = Files.createTempDirectory("signet-test-infra",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        return base;
    }
}
