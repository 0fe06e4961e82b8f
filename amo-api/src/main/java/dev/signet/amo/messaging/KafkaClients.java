package dev.signet.amo.messaging;

import dev.signet.amo.config.AmoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka client settings in one place: durable producers, manually committed consumers. */
@ApplicationScoped
public class KafkaClients {

    private final AmoConfig config;

    public KafkaClients(AmoConfig config) {
        this.config = config;
    }

    public KafkaProducer<String, String> producer() {
        Properties p = common();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public KafkaConsumer<String, String> consumer() {
        Properties p = common();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafka().groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    public Admin admin() {
        Properties p = common();
        p.put("request.timeout.ms", "3000");
        p.put("default.api.timeout.ms", "3000");
        return Admin.create(p);
    }

    private Properties common() {
        Properties p = new Properties();
        p.put("bootstrap.servers", config.kafka().bootstrapServers());
        p.put("client.id", "amo-api");
        return p;
    }
}
