package dev.signet.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.infra.kafka.KafkaBroker;
import dev.signet.infra.postgres.PostgresServer;
import dev.signet.infra.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
