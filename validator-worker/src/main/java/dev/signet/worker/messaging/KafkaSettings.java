package dev.signet.worker.messaging;

import dev.signet.worker.config.WorkerConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka client settings, in one place so the delivery guarantees can be read off one page. */
public final class KafkaSettings {

    private KafkaSettings() {
    }

    /**
     * Manual commits after the result is durable; a new group starts from the oldest job it can find. Polling
     * goes on while a job runs (see UploadJobConsumer), so max.poll.interval only bounds the loop, not a job.
     */
    public static Map<String, Object> consumer(WorkerConfig.Kafka kafka, int member) {
        Map<String, Object> props = common(kafka, "validator-worker-consumer");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, kafka.maxPollRecords());
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) kafka.maxPollInterval().toMillis());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // How soon a killed worker's partitions move on (the client default, 45 s, is a long stall).
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) kafka.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) kafka.heartbeatInterval().toMillis());
        // One static member per consumer of this worker; member 0 keeps the configured id as it is.
        kafka.groupInstanceId().filter(id -> !id.isBlank())
                .ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                        member == 0 ? id : id + "-" + member));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "validator-worker-consumer-" + member);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    /** A result is only "sent" once every in-sync replica has it; retries cannot duplicate it in the log. */
    public static Map<String, Object> producer(WorkerConfig.Kafka kafka) {
        Map<String, Object> props = common(kafka, "validator-worker-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    public static Map<String, Object> admin(WorkerConfig.Kafka kafka) {
        Map<String, Object> props = common(kafka, "validator-worker-health");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.healthTimeout().toMillis());
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.healthTimeout().toMillis());
        return props;
    }

    private static Map<String, Object> common(WorkerConfig.Kafka kafka, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
