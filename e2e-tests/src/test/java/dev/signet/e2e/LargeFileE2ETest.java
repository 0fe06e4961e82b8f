package dev.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.infra.stack.LocalStack;
import dev.signet.infra.stack.StackSettings;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large files stream with bounded memory: with amo-api and the worker at {@code -Xmx256m} and the signer at its
 * shipped default ({@code -Xmx128m}, serial collector: StackSettings.SERVICE_HEAPS), a 200 MB add-on of
 * incompressible stored entries is uploaded (streamed from disk), validated and signed while small uploads keep
 * flowing and keep getting signed, and the downloaded signed file verifies with jarsigner and OpenSSL.
 * Figures (times, each service's peak RSS) land in {@code target/large-file.md}.
 */
@Order(4)
class LargeFileE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DATA_BYTES = 200_000_000L;
    private static final String HEAP = "256m";
    private static final Duration BIG_DEADLINE = Duration.ofMinutes(10);

    @TempDir
    Path work;

    @Test
    void a200MbAddonIsSignedAt256MbHeapsWhileSmallUploadsKeepFlowing() throws Exception {
        SignAddonClientE2ETest.Tools.require("jarsigner");
        SignAddonClientE2ETest.Tools.require("openssl");
        LocalStack stack = E2eStack.get("heap-" + HEAP, s -> s.withHeap("amo-api", HEAP)
                .withHeap("validator-worker", HEAP)
                .withProperty("amo-api", "-Damo.throttle.enabled=false"));
        AmoClient amo = new AmoClient(stack);
        Path big = LargeXpi.write(work.resolve("large.xpi"), "large@signet.example", "1.0", DATA_BYTES);
        List<String> figures = new ArrayList<>();
        figures.add("| XPI size | " + Files.size(big) + " bytes |");

        SmallFlow flow = new SmallFlow(amo);
        Thread flowThread = new Thread(flow, "small-uploads");
        flowThread.start();
        Instant putStart = Instant.now();
        Instant accepted;
        JsonNode done;
        try {
            HttpResponse<String> put = amo.put("large@signet.example", "1.0", big, BIG_DEADLINE);
            accepted = Instant.now();
            figures.add("| PUT (upload + store) | " + seconds(putStart, accepted) + " (" + put.statusCode() + ") |");
            System.out.println("large file: " + figures);
            if (put.statusCode() != 201 && put.statusCode() != 202) {
                fail("the 200 MB upload was refused: " + put.statusCode() + " " + put.body() + diagnosis(stack));
            }
            done = awaitProcessed(amo, stack, "large@signet.example", accepted.plus(BIG_DEADLINE));
        } finally {
            flow.stop.set(true);
            flowThread.join(120_000);
        }
        Instant processed = Instant.now();
        figures.add("| accepted → processed (validate + sign + store) | " + seconds(accepted, processed) + " |");
        assertTrue(done.get("valid").asBoolean(), "the large add-on is valid: " + done.get("validation_results")
                + diagnosis(stack));
        assertTrue(done.at("/files/0/signed").asBoolean(), "and signed: " + done + diagnosis(stack));

        long signedDuring = flow.signedAt.values().stream().filter(t -> t.isAfter(accepted) && t.isBefore(processed))
                .count();
        figures.add("| small uploads signed while the large one was processed | " + signedDuring + " of "
                + flow.started + " started (" + flow.signedAt.size() + " signed in all) |");

        Path signed = work.resolve("large-signed.xpi");
        HttpResponse<Path> download = amo.download(done.at("/files/0/download_url").asText(), signed);
        assertEquals(200, download.statusCode(), "download of the signed file" + diagnosis(stack));
        assertTrue(Files.size(signed) > Files.size(big), "the download is the signed XPI");
        XpiVerifier.verifyWithJarsignerAndOpenssl(signed, stack.settings().dataDir().resolve("signer/dev-root.pem"),
                work);
        for (String service : StackSettings.SERVICES) {
            figures.add("| " + service + " peak RSS (VmHWM, -Xmx" + stack.settings().heap(service) + ") | "
                    + peakRss(stack.supervised(service).pid()) + " |");
        }
        String table = "| large-file run | value |\n|---|---|\n" + String.join("\n", figures) + "\n";
        Files.writeString(Files.createDirectories(Path.of("target")).resolve("large-file.md"), table);
        System.out.println(table);
        assertTrue(signedDuring > 0, "small uploads must keep getting signed while the large one is processed:\n"
                + table);
        assertTrue(flow.unsigned().isEmpty(), "every small upload is signed: " + flow.unsigned());
    }

    private static JsonNode awaitProcessed(AmoClient amo, LocalStack stack, String guid, Instant deadline)
            throws Exception {
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            String oom = outOfMemory(stack);
            if (oom != null) {
                throw new AssertionError("the 200 MB upload ran " + oom + " out of memory at -Xmx" + HEAP + " (signer: its default)"
                        + diagnosis(stack));
            }
            HttpResponse<String> response = amo.status(guid, "1.0");
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode status = JSON.readTree(response.body());
                if (status.get("processed").asBoolean()) {
                    return status;
                }
            }
        }
        throw new AssertionError("the 200 MB upload was not processed within " + BIG_DEADLINE + " (last: " + last
                + ")" + diagnosis(stack));
    }

    /** The first service whose log shows an OutOfMemoryError, or null: no point waiting for the deadline then. */
    private static String outOfMemory(LocalStack stack) throws IOException {
        for (String service : StackSettings.SERVICES) {
            Path log = stack.settings().dataDir().resolve("logs/" + service + ".log");
            try (var lines = Files.lines(log)) {
                if (lines.anyMatch(l -> l.contains("OutOfMemoryError"))) {
                    return service;
                }
            }
        }
        return null;
    }

    /** What each service went through, for a failure message: OOMs and crashes the supervisor restarted. */
    private static String diagnosis(LocalStack stack) throws IOException {
        StringBuilder out = new StringBuilder("\n-- services:");
        for (String service : StackSettings.SERVICES) {
            Path log = stack.settings().dataDir().resolve("logs/" + service + ".log");
            List<String> lines = Files.readAllLines(log);
            long oom = lines.stream().filter(l -> l.contains("OutOfMemoryError")).count();
            long restarts = lines.stream().filter(l -> l.contains("signet: " + service + " (pid")).count();
            out.append("\n  ").append(service).append(": ").append(oom).append(" OutOfMemoryError line(s), ")
                    .append(restarts).append(" supervisor event(s); last lines:\n    ")
                    .append(String.join("\n    ", lines.subList(Math.max(0, lines.size() - 8), lines.size())));
        }
        return out.toString();
    }

    private static String peakRss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private static String seconds(Instant from, Instant to) {
        return String.format("%.1f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    /** A small upload every second, each polled until signed, until told to stop (then the last ones finish). */
    private static final class SmallFlow implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, Instant> signedAt = new ConcurrentHashMap<>();
        final List<String> guids = new CopyOnWriteArrayList<>();
        private final AmoClient amo;
        volatile int started;

        SmallFlow(AmoClient amo) {
            this.amo = amo;
        }

        @Override
        public void run() {
            List<String> pending = new ArrayList<>();
            long drainDeadline = Long.MAX_VALUE;
            try {
                for (int i = 0; (!stop.get() || !pending.isEmpty()) && System.nanoTime() < drainDeadline; i++) {
                    if (!stop.get()) {
                        String guid = "small-" + i + "@signet.example";
                        HttpResponse<String> put = amo.put(guid, "1.0", Xpis.webExtension(guid, "1.0"),
                                Duration.ofSeconds(30));
                        if (put.statusCode() == 201 || put.statusCode() == 202) {
                            pending.add(guid);
                            guids.add(guid);
                            started++;
                        }
                    } else if (drainDeadline == Long.MAX_VALUE) {
                        drainDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    }
                    for (String guid : List.copyOf(pending)) {
                        HttpResponse<String> status = amo.status(guid, "1.0");
                        if (status.statusCode() == 200 && JSON.readTree(status.body()).at("/files/0/signed")
                                .asBoolean()) {
                            signedAt.put(guid, Instant.now());
                            pending.remove(guid);
                        }
                    }
                    Thread.sleep(1000);
                }
            } catch (IOException e) {
                System.err.println("small uploads: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<String> unsigned() {
            return guids.stream().filter(g -> !signedAt.containsKey(g)).toList();
        }
    }
}
