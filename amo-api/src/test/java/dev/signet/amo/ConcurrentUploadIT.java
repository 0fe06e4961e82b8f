package dev.signet.amo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.ApiKeyService;
import dev.signet.blob.BlobRef;
import dev.signet.blob.BlobStore;
import dev.signet.model.jobs.SignedFile;
import dev.signet.model.jobs.UploadJob;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.validation.ValidationReport;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One version = one upload = one signature, when clients race or retry: parallel PUTs of one version over real
 * HTTP, the same file sent again after its answer was lost, a new try after a failed validation.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class ConcurrentUploadIT {

    private static final int PARALLEL = 8;

    @TestHTTPResource("/")
    URL base;

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    BlobStore blobs;

    ApiKeyService.Credentials dev;

    @BeforeEach
    void developer() {
        dev = keys.createUserWithKey("racer");
    }

    @Test
    void parallelPutsOfOneVersionAcceptExactlyOneUpload() throws Exception {
        String guid = "race-" + UUID.randomUUID() + "@example.com";
        byte[] same = Files.readAllBytes(TestXpi.build(guid, "1.0"));
        byte[] other = Files.readAllBytes(TestXpi.build(guid, "1.0", "console.log('other build');"));
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            files.add(i % 2 == 0 ? same : other);
        }
        List<HttpResponse<String>> answers = race(files, i -> put(guid, "1.0", files.get(i)));

        Set<String> acceptedPks = new HashSet<>();
        byte[] winner = null;
        for (int i = 0; i < PARALLEL; i++) {
            HttpResponse<String> answer = answers.get(i);
            assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""), answer.body());
            if (answer.statusCode() == 201 || answer.statusCode() == 202) {
                acceptedPks.add(json.readTree(answer.body()).path("pk").asText());
                assertTrue(winner == null || winner == files.get(i), "two different files were accepted");
                winner = files.get(i);
            }
        }
        assertEquals(1, acceptedPks.size(), "all accepted answers name one upload");
        for (int i = 0; i < PARALLEL; i++) {
            int status = answers.get(i).statusCode();
            if (files.get(i) == winner) {
                assertTrue(status == 201 || status == 202, "same file: " + answers.get(i).body());
            } else {
                assertEquals(409, status, answers.get(i).body());
                assertEquals("Version 1.0 is already being processed.",
                        json.readTree(answers.get(i).body()).path("error").asText());
            }
        }
        long created = answers.stream().filter(a -> a.statusCode() == 201).count();
        assertEquals(1, created, "one answer created the add-on, the repeats answer 202");
        String pk = acceptedPks.iterator().next();
        assertEquals(1, countUploads(guid));
        assertEquals(1, countJobs(pk), "exactly one job in the outbox");
    }

    @Test
    void parallelPostsWithTheSameManifestIdAcceptOneUpload() throws Exception {
        String guid = "race-post-" + UUID.randomUUID() + "@example.com";
        byte[] xpi = Files.readAllBytes(TestXpi.build(guid, "2.0"));
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < PARALLEL / 2; i++) {
            files.add(xpi);
        }
        List<HttpResponse<String>> answers = race(files, i -> post(xpi));
        Set<String> pks = new HashSet<>();
        for (HttpResponse<String> answer : answers) {
            assertEquals(201, answer.statusCode(), answer.body());
            pks.add(json.readTree(answer.body()).path("pk").asText());
        }
        assertEquals(1, pks.size());
        assertEquals(1, countUploads(guid));
        assertEquals(1, countJobs(pks.iterator().next()));
    }

    @Test
    void aRetryAfterALostAnswerGetsTheFirstUploadBackAndNoSecondSignature() throws Exception {
        String guid = "retry-" + UUID.randomUUID() + "@example.com";
        byte[] xpi = Files.readAllBytes(TestXpi.build(guid, "1.0"));
        JsonNode first = json.readTree(put(guid, "1.0", xpi).body());
        String pk = first.path("pk").asText();
        TestWorker worker = new TestWorker(json);
        UploadJob job = worker.awaitJob(pk);

        HttpResponse<String> retry = put(guid, "1.0", xpi);
        assertEquals(202, retry.statusCode(), retry.body());
        assertEquals(first, json.readTree(retry.body()), "the same status document as the first answer");

        BlobRef signed = blobs.putBytes("signed", ("signed " + guid).getBytes());
        worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, job.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5),
                new SignedFile(signed.key(), signed.sha256(), signed.size(), "xpi-dev"), Instant.now()));
        awaitProcessed(guid, "1.0");

        // Once signed, the same file again still answers with that upload, now with its signed file.
        HttpResponse<String> late = put(guid, "1.0", xpi);
        assertEquals(202, late.statusCode(), late.body());
        JsonNode status = json.readTree(late.body());
        assertEquals(pk, status.path("pk").asText());
        assertEquals("sha256:" + signed.sha256(), status.path("files").path(0).path("hash").asText());
        HttpResponse<String> otherFile = put(guid, "1.0",
                Files.readAllBytes(TestXpi.build(guid, "1.0", "console.log('rebuilt');")));
        assertEquals(409, otherFile.statusCode());
        assertEquals("Version 1.0 already exists.", json.readTree(otherFile.body()).path("error").asText());
        assertEquals(1, countUploads(guid));
        assertEquals(1, countJobs(pk));
    }

    @Test
    void aFailedValidationDoesNotBlockANewTryAndItsLateResultsChangeNothing() throws Exception {
        String guid = "again-" + UUID.randomUUID() + "@example.com";
        String firstPk = json.readTree(put(guid, "1.0", Files.readAllBytes(TestXpi.build(guid, "1.0"))).body())
                .path("pk").asText();
        TestWorker worker = new TestWorker(json);
        UploadJob firstJob = worker.awaitJob(firstPk);
        worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, firstJob.uploadId(), false,
                new ValidationReport(false, 1, 0, 0, Map.of(), List.of(), Map.of(), 1), null, Instant.now()));
        awaitProcessed(guid, "1.0");

        HttpResponse<String> again = put(guid, "1.0",
                Files.readAllBytes(TestXpi.build(guid, "1.0", "console.log('fixed');")));
        assertEquals(202, again.statusCode(), again.body());
        String secondPk = json.readTree(again.body()).path("pk").asText();
        UploadJob secondJob = worker.awaitJob(secondPk);

        // A stray "valid, signed" result for the failed upload (a confused or replayed worker) is ignored.
        BlobRef stray = blobs.putBytes("signed", ("stray " + guid).getBytes());
        worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, firstJob.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5),
                new SignedFile(stray.key(), stray.sha256(), stray.size(), "xpi-dev"), Instant.now()));
        BlobRef signed = blobs.putBytes("signed", ("signed " + guid).getBytes());
        worker.publish(new UploadResult(UploadResult.SCHEMA_VERSION, secondJob.uploadId(), true,
                new ValidationReport(true, 0, 0, 0, Map.of(), List.of(), Map.of(), 5),
                new SignedFile(signed.key(), signed.sha256(), signed.size(), "xpi-dev"), Instant.now()));
        awaitProcessed(guid, "1.0").body("pk", equalTo(secondPk)).body("files", hasSize(1))
                .body("files[0].hash", equalTo("sha256:" + signed.sha256()));
        given().header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .when().get("/api/v4/addons/{g}/versions/1.0/uploads/{pk}/", guid, firstPk)
                .then().statusCode(200).body("valid", equalTo(false)).body("files", hasSize(0));
        assertEquals(1L, ((Number) em.createNativeQuery("SELECT count(*) FROM addon_version v JOIN addon a"
                + " ON a.id = v.addon_id WHERE a.guid = ?1").setParameter(1, guid).getSingleResult()).longValue());
        assertEquals(1L, ((Number) em.createNativeQuery("SELECT count(*) FROM upload u JOIN addon a"
                + " ON a.id = u.addon_id WHERE a.guid = ?1 AND u.signed_file_key IS NOT NULL")
                .setParameter(1, guid).getSingleResult()).longValue(), "one signed file for the version");
    }

    private interface Call {
        HttpResponse<String> send(int index) throws Exception;
    }

    /** Starts all calls at once from their own threads. */
    private static List<HttpResponse<String>> race(List<byte[]> files, Call call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(files.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.send(index);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    private HttpResponse<String> put(String guid, String version, byte[] xpi) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "api/v4/addons/" + guid + "/versions/" + version + "/"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestMultipart.upload(xpi, "addon.xpi", Map.of()))));
    }

    private HttpResponse<String> post(byte[] xpi) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "api/v4/addons/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestMultipart.upload(xpi, "addon.xpi", Map.of()))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(request.header("Authorization", TestJwt.valid(dev.jwtIssuer(), dev.secret()))
                .header("Content-Type", TestMultipart.CONTENT_TYPE).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private io.restassured.response.ValidatableResponse awaitProcessed(String guid, String version)
            throws InterruptedException {
        return TestPolling.awaitProcessed(dev, guid, version);
    }

    private long countUploads(String guid) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM upload u JOIN addon a ON a.id = u.addon_id"
                + " WHERE a.guid = ?1").setParameter(1, guid).getSingleResult()).longValue();
    }

    private long countJobs(String pk) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM outbox WHERE replace(message_key, '-', '') = ?1")
                .setParameter(1, pk).getSingleResult()).longValue();
    }
}
