package dev.signet.worker.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.blob.BlobRef;
import dev.signet.testing.metrics.PrometheusText;
import dev.signet.blob.FileSystemBlobStore;
import dev.signet.model.jobs.Channel;
import dev.signet.model.jobs.Topics;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.requestid.RequestIds;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.TestInfra;
import dev.signet.testing.logs.LogCapture;
import dev.signet.worker.linter.LinterPool;
import dev.signet.worker.linter.TestLinter;
import dev.signet.worker.validation.TestXpi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker end to end on the real Kafka broker, against a fake signer that checks Hawk. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(WorkerTestResource.class)
class UploadPipelineTest {

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);
    private static final String GUID = "mv2-test@signet.dev";

    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> results;
    private static final Map<String, byte[]> received = new ConcurrentHashMap<>();
    private static final Map<String, String> resultRequestIds = new ConcurrentHashMap<>();

    @Inject
    ObjectMapper mapper;

    @Inject
    LinterPool linter;

    @BeforeAll
    static void clients() {
        String servers = TestInfra.kafka().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        results = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "upload-pipeline-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        results.subscribe(List.of(Topics.UPLOAD_RESULTS));
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        results.close();
    }

    @AfterEach
    void noHawkRejections() {
        assertEquals(List.of(), WorkerTestResource.signer.rejections());
    }

    @Test
    void validUploadIsSignedAndReported() throws Exception {
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").bytes();
        String uploadId = submit(xpi, GUID, "1.0.0");

        UploadResult result = awaitResult(uploadId);
        assertEquals(UploadResult.SCHEMA_VERSION, result.schemaVersion());
        assertTrue(result.valid(), () -> String.valueOf(result.validation()));
        assertTrue(signerReceived(xpi));
        assertNotNull(result.signedFile(), "unlisted and valid: signed");
        assertEquals("test-xpi", result.signedFile().signerId());
        byte[] stored;
        try (var in = new FileSystemBlobStore(WorkerTestResource.blobRoot).open(result.signedFile().fileKey())) {
            stored = in.readAllBytes();
        }
        assertEquals(result.signedFile().size(), stored.length);
        assertTrue(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).endsWith(FakeSigner.SIGNED_SUFFIX));
        assertTrue(result.signedFile().fileKey().endsWith(result.signedFile().sha256()));
        FakeSigner.SignRequest request = WorkerTestResource.signer.requestsFor(xpi).get(0);
        assertEquals(mapper.readTree("{\"id\":\"" + GUID + "\",\"pkcs7_digest\":\"SHA256\","
                + "\"cose_algorithms\":[\"ES256\"]}"), request.options(),
                "the add-on id goes to the XPI signer as option id, with AMO's PKCS#7 SHA-256 + COSE ES256");
        assertEquals(uploadId, request.idempotencyKey());

        JsonNode json = mapper.readTree(received.get(uploadId));
        JsonNode validation = json.get("validation");
        assertTrue(validation.get("success").asBoolean());
        assertEquals(0, validation.get("errors").asInt());
        assertEquals(5, validation.get("ending_tier").asInt());
        assertEquals(0, validation.get("compatibility_summary").get("errors").asInt());
        assertEquals("1.0.0", validation.get("metadata").get("version").asText());
        assertEquals(GUID, validation.get("metadata").get("id").asText());
        assertTrue(json.get("processedAt").isTextual(), "processedAt is an ISO-8601 string");
    }

    @Test
    void theJobsRequestIdIsInItsLogLinesTheSignerCallAndTheResult() throws Exception {
        String requestId = "pipeline-" + UUID.randomUUID();
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("reqid.txt", requestId).bytes();
        String uploadId = UUID.randomUUID().toString();
        String unmarked = UUID.randomUUID().toString();
        byte[] other = TestXpi.fixture("mv2", "manifest.json", "background.js").add("reqid.txt", unmarked).bytes();
        try (LogCapture logs = LogCapture.of("dev.signet.worker")) {
            submitAs(uploadId, null, xpi, GUID, "1.0.0", Channel.UNLISTED, requestId);
            assertTrue(awaitResult(uploadId).valid());
            assertEquals(requestId, WorkerTestResource.signer.requestId(uploadId), "sent to the signer");
            assertEquals(requestId, resultRequestIds.get(uploadId), "carried back on the result");
            for (String step : List.of(": processing", ": signed", ": result published")) {
                ExtLogRecord line = logs.awaitMessage(RESULT_TIMEOUT, "upload " + uploadId + step);
                assertEquals(requestId, line.getMdc(RequestIds.MDC_KEY), line.getFormattedMessage());
            }

            // The next job on the same job thread, without a header: a fresh id, nothing left of the last one.
            submitAs(unmarked, null, other, GUID, "1.0.0", Channel.UNLISTED, null);
            assertTrue(awaitResult(unmarked).valid());
            String fresh = logs.awaitMessage(RESULT_TIMEOUT, "upload " + unmarked + ": processing")
                    .getMdc(RequestIds.MDC_KEY);
            assertTrue(RequestIds.valid(fresh).isPresent() && !fresh.equals(requestId), fresh);
            assertEquals(fresh, WorkerTestResource.signer.requestId(unmarked));
            assertEquals(fresh, resultRequestIds.get(unmarked));
        }
    }

    @Test
    void theMetricsCountValidationsAndSignaturesAndShowTheConsumerLag() throws Exception {
        PrometheusText before = scrape();
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("metrics.txt", "m").bytes();
        awaitResult(submit(xpi, GUID, "1.0.0"));
        PrometheusText after = scrape();
        Map<String, String> valid = Map.of("outcome", "valid");
        assertEquals(1.0, after.sumOrZero("signet_worker_validations_total", valid)
                - before.sumOrZero("signet_worker_validations_total", valid), 0.0);
        Map<String, String> fresh = Map.of("reused", "false");
        assertEquals(1.0, after.sumOrZero("signet_worker_signatures_total", fresh)
                - before.sumOrZero("signet_worker_signatures_total", fresh), 0.0);
        assertTrue(after.sumOrZero("signet_worker_validation_seconds_count", Map.of())
                > before.sumOrZero("signet_worker_validation_seconds_count", Map.of()));
        assertTrue(after.sum("signet_worker_signer_errors_total", Map.of("type", "transient")).isPresent());
        assertTrue(after.sum("signet_worker_signer_errors_total", Map.of("type", "refused")).isPresent());
        // Kafka's own consumer metrics, through Micrometer's binder: records-lag-max is the consumer lag.
        assertFalse(after.find("kafka_consumer_fetch_manager_records_lag_max", Map.of()).isEmpty(),
                "consumer lag series");
    }

    private static PrometheusText scrape() {
        return PrometheusText.parse(given().when().get("/q/metrics").then()
                .statusCode(200).extract().asString());
    }

    @Test
    void listedUploadIsValidatedButWaitsForReview() throws Exception {
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("listed.txt", "listed").bytes();
        String uploadId = submit(null, xpi, GUID, "1.0.0", Channel.LISTED);
        UploadResult result = awaitResult(uploadId);
        assertTrue(result.valid(), () -> String.valueOf(result.validation()));
        assertNull(result.signedFile());
        assertFalse(signerReceived(xpi));
    }

    @Test
    void anApprovedListedUploadIsSignedOnceWithoutBeingValidatedAgain() throws Exception {
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("approved.txt", "yes").bytes();
        String uploadId = UUID.randomUUID().toString();
        BlobRef blob = new FileSystemBlobStore(WorkerTestResource.blobRoot).putBytes("uploads", xpi);
        // As amo-api wrote jobs before review existed: no "approved" field, which reads as a job to validate.
        com.fasterxml.jackson.databind.node.ObjectNode old = mapper.valueToTree(new UploadJob(
                UploadJob.SCHEMA_VERSION, uploadId, GUID, "1.0.0", Channel.LISTED, blob.key(), blob.sha256(),
                blob.size(), Instant.now()));
        old.remove("approved");
        producer.send(new ProducerRecord<>(Topics.UPLOAD_JOBS, uploadId, mapper.writeValueAsBytes(old))).get();
        UploadResult validated = awaitResult(uploadId);
        assertTrue(validated.valid(), () -> String.valueOf(validated.validation()));
        assertNull(validated.signedFile(), "listed: waits for review");
        assertFalse(signerReceived(xpi));

        UploadJob approved = new UploadJob(UploadJob.SCHEMA_VERSION, uploadId, GUID, "1.0.0", Channel.LISTED,
                blob.key(), blob.sha256(), blob.size(), Instant.now(), true);
        received.remove(uploadId);
        producer.send(new ProducerRecord<>(Topics.UPLOAD_JOBS, uploadId, mapper.writeValueAsBytes(approved))).get();
        UploadResult signed = awaitResult(uploadId);
        assertTrue(signed.valid());
        assertNotNull(signed.signedFile(), "approved: signed");
        assertNull(signed.validation(), "not validated again: the result carries the signature only");
        assertEquals(uploadId, WorkerTestResource.signer.requestsFor(xpi).get(0).idempotencyKey());

        // The approval redelivered (an outbox relay retry): the stored signature is reused, nothing signed twice.
        received.remove(uploadId);
        producer.send(new ProducerRecord<>(Topics.UPLOAD_JOBS, uploadId, mapper.writeValueAsBytes(approved))).get();
        assertEquals(signed.signedFile(), awaitResult(uploadId).signedFile());
        assertEquals(1, WorkerTestResource.signer.requestsFor(xpi).size(), "signed once");
    }

    @Test
    void aRedeliveredJobReusesTheEarlierSignature() throws Exception {
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("again.txt", "again").bytes();
        String uploadId = UUID.randomUUID().toString();
        submitAs(uploadId, xpi, GUID, "1.0.0", Channel.UNLISTED);
        UploadResult first = awaitResult(uploadId);
        received.remove(uploadId);
        submitAs(uploadId, xpi, GUID, "1.0.0", Channel.UNLISTED);
        UploadResult second = awaitResult(uploadId);
        assertEquals(first.signedFile(), second.signedFile());
        assertEquals(1, WorkerTestResource.signer.requestsFor(xpi).size(), "signed once");
    }

    @Test
    void aCrashBetweenSigningAndRecordingItDoesNotSignTwice() throws Exception {
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("crash.txt", "crash").bytes();
        String uploadId = UUID.randomUUID().toString();
        submitAs(uploadId, xpi, GUID, "1.0.0", Channel.UNLISTED);
        UploadResult first = awaitResult(uploadId);
        // What a kill -9 right after the signer answered leaves: a signature, but no signed-by-upload record.
        Files.delete(WorkerTestResource.blobRoot.resolve("records/signed-by-upload/" + uploadId));
        received.remove(uploadId);
        submitAs(uploadId, xpi, GUID, "1.0.0", Channel.UNLISTED);
        UploadResult second = awaitResult(uploadId);
        assertTrue(second.valid(), () -> String.valueOf(second.validation()));
        assertEquals(first.signedFile(), second.signedFile());
        List<FakeSigner.SignRequest> requests = WorkerTestResource.signer.requestsFor(xpi);
        assertEquals(2, requests.size());
        assertFalse(requests.get(0).replayed());
        assertTrue(requests.get(1).replayed(), "the signer replayed its answer instead of signing again");
    }

    @Test
    void aJobStartedTooOftenIsAnsweredAsAFailedValidation() throws Exception {
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("poison.txt", "poison").bytes();
        String uploadId = UUID.randomUUID().toString();
        // Three earlier deliveries started and never finished (each killed the worker, say).
        new FileSystemBlobStore(WorkerTestResource.blobRoot).putRecord("attempts-by-upload", uploadId, "3");
        submitAs(uploadId, xpi, GUID, "1.0.0", Channel.UNLISTED);
        UploadResult result = awaitResult(uploadId);
        assertFalse(result.valid());
        assertNull(result.signedFile());
        assertEquals(List.of("validator", "unexpected_exception"), result.validation().messages().get(0).id());
        assertTrue(result.validation().messages().get(0).description()
                .endsWith("this upload could not be processed after 3 attempts."),
                result.validation().messages().get(0).description());
        assertFalse(signerReceived(xpi));
    }

    @Test
    void aJobThatFailsEveryTryEndsAsAFailedValidationAfterThreeTries() throws Exception {
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("fails.txt", "fails").bytes();
        String uploadId = UUID.randomUUID().toString();
        // A real fault: the signed namespace cannot be created, so storing the signed file fails every time.
        Path signed = WorkerTestResource.blobRoot.resolve("signed");
        Path aside = WorkerTestResource.blobRoot.resolve("signed-aside");
        if (Files.exists(signed)) {
            Files.move(signed, aside);
        }
        Files.writeString(signed, "not a directory");
        UploadResult result;
        try {
            submitAs(uploadId, xpi, GUID, "1.0.0", Channel.UNLISTED);
            result = awaitResult(uploadId);
        } finally {
            Files.delete(signed);
            if (Files.exists(aside)) {
                Files.move(aside, signed);
            }
        }
        assertFalse(result.valid());
        assertTrue(result.validation().messages().get(0).description()
                .endsWith("this upload could not be processed after 3 attempts."),
                result.validation().messages().get(0).description());
        List<FakeSigner.SignRequest> requests = WorkerTestResource.signer.requestsFor(xpi);
        assertEquals(3, requests.size(), "three tries");
        assertEquals(1, requests.stream().filter(r -> !r.replayed()).count(), "one signature, then replays");
    }

    @Test
    void theAttemptIsRecordedBeforeTheWorkAndClearedOnceTheResultIsOut() throws Exception {
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("count.txt", "count").bytes();
        String uploadId = UUID.randomUUID().toString();
        FileSystemBlobStore blobs = new FileSystemBlobStore(WorkerTestResource.blobRoot);
        WorkerTestResource.signer.delaySigning(Duration.ofSeconds(2));
        try {
            submitAs(uploadId, xpi, GUID, "1.0.0", Channel.UNLISTED);
            long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
            while (!WorkerTestResource.signer.signing(uploadId)) {
                assertTrue(System.nanoTime() < deadline, "the signer never saw the upload");
                Thread.sleep(20);
            }
            // A kill -9 now would leave this behind for the next delivery to count.
            assertEquals(Optional.of("1"), blobs.getRecord("attempts-by-upload", uploadId));
        } finally {
            WorkerTestResource.signer.delaySigning(Duration.ZERO);
        }
        assertTrue(awaitResult(uploadId).valid());
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (!blobs.getRecord("attempts-by-upload", uploadId).equals(Optional.of("0"))) {
            assertTrue(System.nanoTime() < deadline, "the attempts record is reset after the result is published");
            Thread.sleep(20);
        }
    }

    @Test
    void jobsOfDifferentPartitionsAreProcessedAtOnce() throws Exception {
        int partitions = producer.partitionsFor(Topics.UPLOAD_JOBS).size();
        assertTrue(partitions >= 2, "the jobs topic has " + partitions + " partition(s)");
        // Keys that the producer's partitioner puts on two different partitions, so two consumers get them.
        String firstKey = UUID.randomUUID().toString();
        String secondKey;
        do {
            secondKey = UUID.randomUUID().toString();
        } while (partition(secondKey, partitions) == partition(firstKey, partitions));
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        // Long enough for the other job to arrive even behind what an earlier test left on its partition.
        WorkerTestResource.signer.delaySigning(Duration.ofSeconds(10));
        try {
            submitAs(first, firstKey, TestXpi.fixture("mv2", "manifest.json", "background.js").add("a.txt", "a")
                    .bytes(), GUID, "1.0.0", Channel.UNLISTED);
            submitAs(second, secondKey, TestXpi.fixture("mv2", "manifest.json", "background.js").add("b.txt", "b")
                    .bytes(), GUID, "1.0.0", Channel.UNLISTED);
            long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
            while (!(WorkerTestResource.signer.signing(first) && WorkerTestResource.signer.signing(second))) {
                assertTrue(System.nanoTime() < deadline, "the two jobs were never at the signer together");
                Thread.sleep(20);
            }
        } finally {
            WorkerTestResource.signer.delaySigning(Duration.ZERO);
        }
        assertTrue(awaitResult(first).valid());
        assertTrue(awaitResult(second).valid());
    }

    private static int partition(String key, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % partitions;
    }

    @Test
    void aSignerOutageDelaysTheJobButNeverDecidesIt() throws Exception {
        long retriesBefore = signerRetries();
        WorkerTestResource.signer.goDown(Duration.ofSeconds(10));
        given().get("/q/health/ready").then().statusCode(503);
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("outage.js", "1").bytes();
        UploadResult result = awaitResult(submit(xpi, GUID, "1.0.0"));
        assertTrue(result.valid(), () -> String.valueOf(result.validation()));
        assertNotNull(result.signedFile());
        assertTrue(signerReceived(xpi));
        assertTrue(signerRetries() > retriesBefore, "retries are counted");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aSigningInProgressElsewhereIsWaitedFor() throws Exception {
        WorkerTestResource.signer.failNext(2, 409);
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("busy.js", "1").bytes();
        UploadResult result = awaitResult(submit(xpi, GUID, "1.0.0"));
        assertTrue(result.valid(), () -> String.valueOf(result.validation()));
        assertTrue(signerReceived(xpi));
    }

    @Test
    void invalidUploadIsReportedWithoutSigning() throws Exception {
        byte[] xpi = TestXpi.create().add("manifest.json", "{\"manifest_version\": 2, \"name\": ").bytes();
        String uploadId = submit(xpi, GUID, "1.0.0");

        UploadResult result = awaitResult(uploadId);
        assertFalse(result.valid());
        assertTrue(result.validation().errors() > 0);
        assertTrue(result.validation().messages().stream().allMatch(m -> m.id().equals(List.of("JSON_INVALID"))),
                () -> result.validation().messages().toString());
        assertFalse(signerReceived(xpi));
    }

    @Test
    void malformedMessageIsSkippedAndTheNextJobProcessed() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        // Same key → same partition: the next job only gets through if the bad ones are skipped.
        producer.send(new ProducerRecord<>(Topics.UPLOAD_JOBS, key, "{not json".getBytes(StandardCharsets.UTF_8)))
                .get();
        producer.send(new ProducerRecord<>(Topics.UPLOAD_JOBS, key,
                "{\"schemaVersion\": 99, \"uploadId\": \"future\"}".getBytes(StandardCharsets.UTF_8))).get();
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("extra.txt", key).bytes();
        String uploadId = submit(key, xpi, GUID, "1.0.0");

        assertTrue(awaitResult(uploadId).valid());
        assertFalse(received.containsKey("future"));
    }

    @Test
    void transientSignerFailuresAreRetried() throws Exception {
        WorkerTestResource.signer.failNext(2, 503);
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("retry.js", "1").bytes();
        UploadResult result = awaitResult(submit(xpi, GUID, "1.0.0"));
        assertTrue(result.valid(), () -> String.valueOf(result.validation()));
        assertTrue(signerReceived(xpi));
    }

    @Test
    void signerRefusalIsAFailedResult() throws Exception {
        WorkerTestResource.signer.failNext(1, 400);
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("refused.js", "1").bytes();
        UploadResult result = awaitResult(submit(xpi, GUID, "1.0.0"));
        assertFalse(result.valid());
        assertFalse(result.validation().success());
        var last = result.validation().messages().get(result.validation().messages().size() - 1);
        assertEquals(List.of("signing", "failed"), last.id());
        assertEquals("The add-on could not be signed: the signing service refused to sign this add-on (HTTP 400).",
                last.description(), "plain words, no Java type names");
    }

    @Test
    void aLinterKilledMidValidationEndsAsAFailedValidation() throws Exception {
        byte[] xpi = TestXpi.fixture("mv2", "manifest.json", "background.js").add("big.js", TestLinter.slowScript())
                .bytes();
        String uploadId = submit(xpi, GUID, "1.0.0");
        while (linter.idleProcesses() > 0) {
            Thread.sleep(10); // until the job has taken the (only) process
        }
        List<Long> busy = linter.pids();
        Thread.sleep(300);
        ProcessHandle.of(busy.get(0)).orElseThrow().destroyForcibly();

        UploadResult result = awaitResult(uploadId);
        assertFalse(result.valid());
        var message = result.validation().messages().get(result.validation().messages().size() - 1);
        assertEquals(List.of("validator", "unexpected_exception"), message.id());
        assertTrue(message.description().contains("the add-on linter stopped unexpectedly"), message.description());
        assertFalse(signerReceived(xpi));
        // The replacement process validates the next upload.
        byte[] next = TestXpi.fixture("mv2", "manifest.json", "background.js").add("next.txt", "next").bytes();
        assertTrue(awaitResult(submit(next, GUID, "1.0.0")).valid());
        assertFalse(linter.pids().contains(busy.get(0)));
    }

    @Test
    void missingBlobIsAFailedValidation() throws Exception {
        String uploadId = UUID.randomUUID().toString();
        UploadJob job = new UploadJob(UploadJob.SCHEMA_VERSION, uploadId, GUID, "1.0.0", Channel.UNLISTED,
                "uploads/00/" + "0".repeat(64), "0".repeat(64), 1, Instant.now());
        producer.send(new ProducerRecord<>(Topics.UPLOAD_JOBS, uploadId, mapper.writeValueAsBytes(job))).get();
        UploadResult result = awaitResult(uploadId);
        assertFalse(result.valid());
        assertEquals(List.of("validator", "unexpected_exception"), result.validation().messages().get(0).id());
    }

    @Test
    void health() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'upload-job-consumer' }.status", equalTo("UP"));
    }

    private String submit(byte[] xpi, String guid, String version) throws Exception {
        return submit(null, xpi, guid, version);
    }

    private String submit(String key, byte[] xpi, String guid, String version) throws Exception {
        return submit(key, xpi, guid, version, Channel.UNLISTED);
    }

    private String submit(String key, byte[] xpi, String guid, String version, Channel channel) throws Exception {
        String uploadId = UUID.randomUUID().toString();
        submitAs(uploadId, key, xpi, guid, version, channel);
        return uploadId;
    }

    private void submitAs(String uploadId, byte[] xpi, String guid, String version, Channel channel)
            throws Exception {
        submitAs(uploadId, null, xpi, guid, version, channel);
    }

    private void submitAs(String uploadId, String key, byte[] xpi, String guid, String version, Channel channel)
            throws Exception {
        submitAs(uploadId, key, xpi, guid, version, channel, null);
    }

    /** As amo-api's outbox relay sends a job: with the upload's request id as a header, when not null. */
    private void submitAs(String uploadId, String key, byte[] xpi, String guid, String version, Channel channel,
            String requestId) throws Exception {
        BlobRef blob = new FileSystemBlobStore(WorkerTestResource.blobRoot).putBytes("uploads", xpi);
        UploadJob job = new UploadJob(UploadJob.SCHEMA_VERSION, uploadId, guid, version, channel,
                blob.key(), blob.sha256(), blob.size(), Instant.now());
        var record = new ProducerRecord<>(Topics.UPLOAD_JOBS, key == null ? uploadId : key,
                mapper.writeValueAsBytes(job));
        if (requestId != null) {
            record.headers().add(RequestIds.KAFKA_HEADER, RequestIds.toHeader(requestId));
        }
        producer.send(record).get();
    }

    private UploadResult awaitResult(String uploadId) throws Exception {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (!received.containsKey(uploadId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no result for upload " + uploadId + " within " + RESULT_TIMEOUT);
            }
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(200))) {
                received.put(record.key(), record.value());
                var header = record.headers().lastHeader(RequestIds.KAFKA_HEADER);
                if (header != null) {
                    resultRequestIds.put(record.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return mapper.readValue(received.get(uploadId), UploadResult.class);
    }

    private static boolean signerReceived(byte[] xpi) {
        return WorkerTestResource.signer.requestsFor(xpi).stream().anyMatch(r -> r.status() == 201);
    }

    private static long signerRetries() {
        return given().get("/q/health/ready").then().extract().jsonPath()
                .getLong("checks.find { it.name == 'signer' }.data.retries");
    }
}
