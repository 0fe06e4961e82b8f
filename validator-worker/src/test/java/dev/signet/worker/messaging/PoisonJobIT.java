package dev.signet.worker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.signet.testing.zip.RawZip;
import dev.signet.worker.service.JobPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that runs the worker out of memory every time: each try ends the process (exit status 3), the
 * attempts record survives the process, and the delivery after the third publishes a failed validation
 * instead of dying again.
 */
class PoisonJobIT {

    private static final String HEAP = System.getProperty("poison.heap", "-Xmx40m");

    @TempDir
    Path dir;

    @Test
    void aJobThatKillsTheWorkerEveryTimeEndsAsAFailedValidation() throws Exception {
        String servers = TestInfra.kafka().bootstrapServers();
        Path blobRoot = dir.resolve("blobs");
        ObjectMapper mapper = JobPath.newMapper();
        // Just under our pass's 4 MiB manifest cap, one 4 MiB string: kept, inflated and parsed (Jackson's buffers,
        // the String) it needs far more than the heap in large blocks, which only the job's thread asks for (a
        // heap filled with small objects could make any thread, the poll loop too, be the one to fail).
        StringBuilder manifest = new StringBuilder("{\"manifest_version\": 2, \"name\": \"Poison\", "
                + "\"version\": \"1.0.0\", \"description\": \"");
        manifest.append("a".repeat((4 << 20) - 100 - manifest.length())).append("\"}");
        // Stored, not deflated: so repetitive a text would otherwise be refused as a zip bomb before it is parsed.
        byte[] xpi = RawZip.create().add(RawZip.Entry.stored("manifest.json",
                manifest.toString().getBytes(StandardCharsets.UTF_8))).bytes();
        BlobRef blob = new FileSystemBlobStore(blobRoot).putBytes("uploads", xpi);
        String uploadId = UUID.randomUUID().toString();
        String group = "poison-job-it-" + UUID.randomUUID();

        try (FakeSigner signer = new FakeSigner();
                KafkaProducer<String, byte[]> producer = WorkerProcessIT.producer(servers);
                KafkaConsumer<String, byte[]> results = WorkerProcessIT.results(servers)) {
            // No -XX:+ExitOnOutOfMemoryError: the worker's own decision (exit 3 on an OOM from a job) is under test.
            List<String> command = List.of(ChildProcess.javaBinary(), HEAP,
                    "-Dworker.kafka.bootstrap-servers=" + servers, "-Dworker.kafka.group-id=" + group,
                    "-Dworker.kafka.group-instance-id=" + group + "-1",
                    "-Dworker.storage.root=" + blobRoot, "-Dworker.storage.temp-dir=" + dir.resolve("scratch"),
                    "-Dworker.signer.url=" + signer.url(), "-Dworker.signer.hawk-id=" + FakeSigner.HAWK_ID,
                    "-Dworker.signer.hawk-key=" + FakeSigner.HAWK_KEY,
                    "-cp", System.getProperty("java.class.path"), WorkerProcessRun.class.getName());
            UploadJob job = new UploadJob(UploadJob.SCHEMA_VERSION, uploadId, "mv2-test@signet.dev", "1.0.0",
                    Channel.UNLISTED, blob.key(), blob.sha256(), blob.size(), Instant.now());
            producer.send(new ProducerRecord<>(Topics.UPLOAD_JOBS, uploadId, mapper.writeValueAsBytes(job))).get();

            List<String> exits = new ArrayList<>();
            for (int run = 1; run <= 4; run++) {
                ChildProcess worker = ChildProcess.start("worker-" + run, command, dir.resolve("worker-" + run + ".log"));
                try {
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (worker.isAlive() && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(200))) {
                            if (uploadId.equals(record.key())) {
                                UploadResult result = mapper.readValue(record.value(), UploadResult.class);
                                int answeredOn = run;
                                assertEquals(4, answeredOn, () -> "answered on the 4th delivery, after exits " + exits
                                        + "; answer " + result.validation().messages() + "; log:\n" + worker.describe());
                                assertFalse(result.valid());
                                assertTrue(result.validation().messages().get(0).description()
                                        .endsWith("this upload could not be processed after 3 attempts."),
                                        result.validation().messages().get(0).description());
                                assertEquals(0, signer.requests().size());
                                return;
                            }
                        }
                    }
                    assertFalse(worker.isAlive(), () -> "try " + exits.size() + 1 + " neither died nor answered: "
                            + worker.describe());
                    exits.add(worker.describe().lines().findFirst().orElse(""));
                    System.out.println("poison job: " + worker.describe().lines()
                            .filter(l -> l.contains("exit") || l.contains("OutOfMemoryError") || l.contains("attempt"))
                            .toList());
                } finally {
                    worker.stop(Duration.ZERO);
                }
            }
            throw new AssertionError("no result after 4 deliveries: " + exits);
        }
    }
}
