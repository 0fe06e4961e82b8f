package dev.signet.worker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.blob.BlobRef;
import dev.signet.blob.FileSystemBlobStore;
import dev.signet.infra.process.ChildProcess;
import dev.signet.model.jobs.Channel;
import dev.signet.model.jobs.Topics;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.testing.TestInfra;
import dev.signet.worker.service.JobPath;
import dev.signet.worker.validation.TestXpi;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process (the real consumer loop and job classes, on the real Kafka broker) is killed with SIGKILL
 * while the signer is signing its job, then started again under the same static group member id: the
 * redelivered job is answered by the signer's stored response (Idempotency-Key), so the upload is signed
 * once, and the restarted worker gets its partitions back without waiting for the session timeout.
 */
class WorkerProcessIT {

    private static final String GUID = "mv2-test@signet.dev";
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledWhileTheSignerSignsDoesNotSignTwice() throws Exception {
        String servers = TestInfra.kafka().bootstrapServers();
        Path blobRoot = dir.resolve("blobs");
        ObjectMapper mapper = JobPath.newMapper();
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("killed.txt", "kill -9").bytes();
        BlobRef blob = new FileSystemBlobStore(blobRoot).putBytes("uploads", xpi);
        String uploadId = UUID.randomUUID().toString();
        String group = "worker-process-it-" + UUID.randomUUID();

        try (FakeSigner signer = new FakeSigner();
                KafkaProducer<String, byte[]> producer = producer(servers);
                KafkaConsumer<String, byte[]> results = results(servers)) {
            signer.delaySigning(Duration.ofSeconds(4));
            List<String> command = List.of(ChildProcess.javaBinary(), "-Xmx256m",
                    "-Dworker.kafka.bootstrap-servers=" + servers, "-Dworker.kafka.group-id=" + group,
                    "-Dworker.kafka.group-instance-id=" + group + "-1",
                    "-Dworker.storage.root=" + blobRoot, "-Dworker.storage.temp-dir=" + dir.resolve("scratch"),
                    "-Dworker.signer.url=" + signer.url(), "-Dworker.signer.hawk-id=" + FakeSigner.HAWK_ID,
                    "-Dworker.signer.hawk-key=" + FakeSigner.HAWK_KEY,
                    "-Dworker.retry.initial-backoff=PT0.1S", "-Dworker.retry.max-backoff=PT0.5S",
                    "-cp", System.getProperty("java.class.path"), WorkerProcessRun.class.getName());
            ChildProcess first = ChildProcess.start("worker-1", command, dir.resolve("worker-1.log"));
            ChildProcess second = null;
            try {
                UploadJob job = new UploadJob(UploadJob.SCHEMA_VERSION, uploadId, GUID, "1.0.0", Channel.UNLISTED,
                        blob.key(), blob.sha256(), blob.size(), Instant.now());
                producer.send(new ProducerRecord<>(Topics.UPLOAD_JOBS, uploadId, mapper.writeValueAsBytes(job))).get();
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (!signer.signing(uploadId)) {
                    assertTrue(System.nanoTime() < deadline && first.isAlive(), () -> "never signed: "
                            + first.describe());
                    Thread.sleep(20);
                }
                first.stop(Duration.ZERO); // SIGKILL while the signer signs
                assertEquals(Optional.of("1"), new FileSystemBlobStore(blobRoot)
                        .getRecord("attempts-by-upload", uploadId), "the killed try was counted before the work");

                long restarted = System.nanoTime();
                second = ChildProcess.start("worker-2", command, dir.resolve("worker-2.log"));
                UploadResult result = await(results, mapper, uploadId, second);
                System.out.printf("worker process: restarted worker answered in %d ms%n",
                        (System.nanoTime() - restarted) / 1_000_000);

                assertTrue(result.valid(), () -> String.valueOf(result.validation()));
                assertNotNull(result.signedFile());
                assertEquals(1, signer.signatures(), "signed once, whatever the kill interrupted");
                List<FakeSigner.SignRequest> answered = signer.requestsFor(xpi).stream()
                        .filter(r -> r.status() == 201).toList();
                assertEquals(2, answered.size(), () -> String.valueOf(signer.requestsFor(xpi)));
                assertTrue(answered.get(1).replayed(), "the restarted worker got the stored answer");
                assertTrue(answered.stream().allMatch(r -> uploadId.equals(r.idempotencyKey())));
                assertEquals(List.of(), signer.rejections());
            } finally {
                first.stop(Duration.ZERO);
                if (second != null) {
                    second.stop(Duration.ofSeconds(10));
                }
            }
        }
    }

    private static UploadResult await(KafkaConsumer<String, byte[]> results, ObjectMapper mapper, String uploadId,
            ChildProcess worker) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(200))) {
                if (uploadId.equals(record.key())) {
                    return mapper.readValue(record.value(), UploadResult.class);
                }
                seen.add(record.key());
            }
            assertTrue(worker.isAlive(), worker::describe);
        }
        throw new AssertionError("no result for " + uploadId + " within " + DEADLINE + ": " + worker.describe());
    }

    static KafkaProducer<String, byte[]> producer(String servers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    static KafkaConsumer<String, byte[]> results(String servers) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "worker-process-it-results-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(Topics.UPLOAD_RESULTS));
        return consumer;
    }
}
