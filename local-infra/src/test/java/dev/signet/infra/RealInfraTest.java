package dev.signet.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.infra.kafka.KafkaBroker;
import dev.signet.infra.postgres.PostgresServer;
import dev.signet.infra.process.OsUser;
import dev.signet.infra.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Starts the real servers the way tests and the local stack do, and checks each one works and keeps data. */
class RealInfraTest {

    @Test
    void postgresStartsStopsAndRestartsWithItsData() throws Exception {
        Path dir = Files.createTempDirectory("signet-pg-test");
        int port = Ports.free();
        String password;
        try (PostgresServer pg = PostgresServer.start(dir, port, false)) {
            assertTrue(Ports.listening(port));
            assertTrue(pg.jdbcUrl().endsWith(":" + port + "/signet"));
            password = pg.password();
        }
        assertTrue(!Ports.listening(port), "stopped");
        try (PostgresServer pg = PostgresServer.start(dir, port, false)) {
            assertTrue(Ports.listening(pg.port()), "restarted on the existing cluster");
            assertEquals(password, pg.password(), "credentials are generated once and kept");
        }
    }

    @Test
    void asRootADataDirTheServerUserCannotEnterFailsBeforeInitdbWithOneLine() throws Exception {
        Assumptions.assumeTrue(OsUser.isRoot(), "only root hands PostgreSQL to another OS user");
        Path home = Files.createTempDirectory(Path.of(System.getProperty("user.home")), "signet-private",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            IOException e = assertThrows(IOException.class,
                    () -> PostgresServer.start(home.resolve("postgres"), Ports.free(), false));
            assertTrue(e.getMessage().contains("cannot reach " + home.resolve("postgres")), e.getMessage());
            assertTrue(e.getMessage().contains("SIGNET_DATA="), e.getMessage());
            assertFalse(Files.exists(home.resolve("postgres/pgdata")), "nothing half-made");
            assertFalse(Files.exists(home.resolve("postgres/pwfile")), "no password file left behind");
        } finally {
            try (Stream<Path> walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void kafkaBrokerCarriesARecordAndKeepsItAcrossRestart() throws Exception {
        Path dir = Files.createTempDirectory("signet-kafka-test");
        int port = Ports.free();
        int controller = Ports.free();
        try (KafkaBroker broker = KafkaBroker.start(dir, port, controller, Map.of("t1", 2))) {
            Properties p = new Properties();
            p.put("bootstrap.servers", broker.bootstrapServers());
            p.put("acks", "all");
            try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t1", "k", "hello")).get();
            }
        }
        try (KafkaBroker broker = KafkaBroker.start(dir, port, controller, Map.of("t1", 2))) {
            Properties c = new Properties();
            c.put("bootstrap.servers", broker.bootstrapServers());
            c.put("group.id", "g");
            c.put("auto.offset.reset", "earliest");
            try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("t1"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String value = null;
                while (value == null && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    for (var r : records) {
                        value = r.value();
                    }
                }
                assertEquals("hello", value);
            }
        }
    }
}
