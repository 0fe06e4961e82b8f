package dev.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.infra.stack.LocalStack;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * One upload's X-Request-Id in the logs of all three services, as an operator greps for it: plain text as
 * {@code ./signet up} writes it, and JSON lines (the production format) with the id as field {@code request_id}.
 */
@Order(2)
class RequestIdE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("amo-api", "validator-worker", "autograph-signer");
    /** The start of a plain-text console line (application.properties' quarkus.log.console.format). */
    private static final Pattern PLAIN_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ");
    private static final Duration LOG_WAIT = Duration.ofSeconds(20);

    private static LocalStack stack;
    private static AmoClient amo;

    @BeforeAll
    static void startStack() {
        stack = E2eStack.get();
        amo = new AmoClient(stack);
    }

    @Test
    void oneUploadsIdIsInThePlainLogsOfEveryService() throws Exception {
        String id = "e2e-plain-" + UUID.randomUUID();
        uploadAndAwaitSigned("reqid-plain-" + UUID.randomUUID() + "@signet.example", id);
        for (String service : SERVICES) {
            List<String> lines = awaitLines(service, 0, id);
            assertTrue(lines.stream().allMatch(l -> PLAIN_LINE.matcher(l).find() && l.contains("[" + id + "]")),
                    service + ": " + lines);
        }
        List<String> signer = awaitLines("autograph-signer", 0, id);
        assertTrue(signer.stream().anyMatch(l -> l.contains("released refs=") && l.contains("request_id=" + id)),
                "the signer's audit line names the id: " + signer);
        List<String> worker = awaitLines("validator-worker", 0, id);
        assertTrue(worker.stream().anyMatch(l -> l.contains("result published")), worker.toString());
        List<String> api = awaitLines("amo-api", 0, id);
        assertTrue(api.stream().anyMatch(l -> l.contains("accepted")), api.toString());
        assertTrue(api.stream().anyMatch(l -> l.contains("result recorded")), "amo-api's result consumer: " + api);
    }

    @Test
    void inProductionFormatEveryLineIsJsonAndCarriesTheId() throws Exception {
        Map<String, Integer> from = new java.util.HashMap<>();
        try {
            for (String service : SERVICES) {
                stack.restartService(service, List.of("-Dquarkus.log.console.json.enabled=true"));
            }
            // From here on: the stopped processes' last (plain) lines are all written once their successors are up.
            for (String service : SERVICES) {
                from.put(service, lines(service, 0).size());
            }
            String id = "e2e-json-" + UUID.randomUUID();
            uploadAndAwaitSigned("reqid-json-" + UUID.randomUUID() + "@signet.example", id);
            for (String service : SERVICES) {
                List<JsonNode> tagged = new ArrayList<>();
                for (JsonNode line : awaitJsonLines(service, from.get(service), id)) {
                    if (id.equals(line.path("request_id").asText(null))) {
                        tagged.add(line);
                    }
                }
                assertFalse(tagged.isEmpty(), service + ": no JSON line with request_id " + id);
                for (JsonNode line : tagged) {
                    assertTrue(line.path("message").isTextual() && line.path("level").isTextual()
                            && line.path("timestamp").isTextual(), service + ": " + line);
                }
            }
        } finally {
            for (String service : SERVICES) {
                stack.restartService(service); // back to the stack's plain text for the other classes
            }
        }
    }

    private static void uploadAndAwaitSigned(String guid, String id) throws Exception {
        HttpResponse<String> put = amo.put(guid, "1.0", Xpis.webExtension(guid, "1.0"), id);
        assertEquals(201, put.statusCode(), put.body());
        assertEquals(id, put.headers().firstValue("X-Request-Id").orElse(null));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode status = JSON.readTree(amo.status(guid, "1.0").body());
        while (!status.path("processed").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = JSON.readTree(amo.status(guid, "1.0").body());
        }
        assertTrue(status.path("valid").asBoolean() && status.path("files").size() == 1, status.toString());
    }

    /** The lines of {@code service}'s log after line {@code from} that contain {@code id}, once the audit is in. */
    private static List<String> awaitLines(String service, int from, String id) throws Exception {
        long deadline = System.nanoTime() + LOG_WAIT.toNanos();
        while (true) {
            List<String> lines = lines(service, from).stream().filter(l -> l.contains(id)).toList();
            // The signer's console is asynchronous, and the worker logs "result published" after amo-api may
            // already show the upload as signed: wait for each service's last line of the upload.
            boolean complete = switch (service) {
                case "amo-api" -> lines.stream().anyMatch(l -> l.contains("result recorded"));
                case "validator-worker" -> lines.stream().anyMatch(l -> l.contains("result published"));
                default -> lines.stream().anyMatch(l -> l.contains("released refs="));
            };
            if (complete || System.nanoTime() > deadline) {
                assertFalse(lines.isEmpty(), service + " never logged " + id);
                return lines;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Every service line after {@code from}, parsed: a line of the Quarkus console that is not JSON fails the test.
     * The supervisor's own lines ("signet: ...") and the JVM's before logging starts are not the service's.
     */
    private static List<JsonNode> awaitJsonLines(String service, int from, String id) throws Exception {
        awaitLines(service, from, id);
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines(service, from)) {
            assertFalse(PLAIN_LINE.matcher(line).find(), service + ": a plain-text line in JSON mode: " + line);
            if (line.startsWith("{")) {
                try {
                    parsed.add(JSON.readTree(line));
                } catch (JsonProcessingException e) {
                    throw new AssertionError(service + ": not a JSON line: " + line, e);
                }
            }
        }
        return parsed;
    }

    private static List<String> lines(String service, int from) throws IOException {
        Path log = stack.settings().dataDir().resolve("logs").resolve(service + ".log");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        // A line still being written is not a line yet.
        List<String> all = List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n", -1));
        all = all.subList(0, all.size() - 1);
        return all.subList(Math.min(from, all.size()), all.size());
    }
}
