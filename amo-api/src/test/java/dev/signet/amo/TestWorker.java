package dev.signet.amo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.model.jobs.Topics;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.requestid.RequestIds;
import dev.signet.testing.TestInfra;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The validator-worker's side of Kafka, played by the tests: read a job, publish a result. */
final class TestWorker {

    private final ObjectMapper json;

    TestWorker(ObjectMapper json) {
        this.json = json;
    }

    UploadJob awaitJob(String pk) throws Exception {
        return awaitJob(j -> j.uploadId().replace("-", "").equals(pk), "upload " + pk);
    }

    /** The first job on the topic that {@code wanted} accepts; its record key is its upload id. */
    UploadJob awaitJob(java.util.function.Predicate<UploadJob> wanted, String what) throws Exception {
        return json.readValue(awaitJobRecord(wanted, what).value(), UploadJob.class);
    }

    /** The Kafka record of the first job {@code wanted} accepts, headers included. */
    ConsumerRecord<String, String> awaitJobRecord(java.util.function.Predicate<UploadJob> wanted, String what)
            throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestInfra.kafka().bootstrapServers());
        p.put("group.id", "test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.UPLOAD_JOBS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    UploadJob job = json.readValue(record.value(), UploadJob.class);
                    if (wanted.test(job)) {
                        assertEquals(job.uploadId(), record.key());
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no job for " + what + " reached Kafka");
    }

    void publish(UploadResult result) throws Exception {
        publish(result, null);
    }

    /** As the worker publishes a result: with the job's request id as its header, when not null. */
    void publish(UploadResult result, String requestId) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestInfra.kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            var record = new ProducerRecord<>(Topics.UPLOAD_RESULTS, result.uploadId(), json.writeValueAsString(result));
            if (requestId != null) {
                record.headers().add(RequestIds.KAFKA_HEADER, RequestIds.toHeader(requestId));
            }
            producer.send(record).get();
        }
    }
}
