package dev.signet.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.infra.stack.DevCredentials;
import dev.signet.infra.stack.DevJwt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Open-loop load on a running local stack: uploads a fresh 1 MB add-on every 1/rate seconds for a fixed
 * duration, polls each until its signed file is listed, and reports accepted uploads/s and the latency from
 * the start of the PUT to "signed" (p50/p99). Bounded in count and time; loopback only. Like sign-addon, it
 * signs a fresh JWT without a jti for every request.
 *
 * <pre>
 * AMO_THROTTLE_ENABLED=false ./signet up     # in another terminal
 * ./mvnw -q -f bench/pipeline/pom.xml compile exec:java -Dexec.args="--rate 20 --seconds 30 --size-kb 1024"
 * ./mvnw -q -f bench/pipeline/pom.xml compile exec:java -Dexec.args="--phases 20x30,50x60,20x60"
 * </pre>
 *
 * {@code --phases} offers the rates one after the other without a pause (a step to overload and back), and
 * reports each phase on its own: uploads refused by admission control (429) are counted apart, as clients
 * told to come back later, not as failures.
 */
public final class PipelineBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        double rate = doubleArg(args, "--rate", 20);
        int seconds = (int) doubleArg(args, "--seconds", 30);
        int sizeKb = (int) doubleArg(args, "--size-kb", 1024);
        // Most uploads poll like a CI client (sign-addon: once a second), which is the load under test; every
        // probe-every-th upload polls every probe-poll-ms instead, and those give the precise latency figures.
        // With --wait / --probe-wait S (seconds) those clients long-poll (?wait=S) instead of sleeping between polls.
        Polling polling = new Polling((long) doubleArg(args, "--poll-ms", 1000),
                (int) doubleArg(args, "--probe-every", 5), (long) doubleArg(args, "--probe-poll-ms", 50),
                (int) doubleArg(args, "--wait", 0), (int) doubleArg(args, "--probe-wait", 0));
        int warmupSeconds = (int) doubleArg(args, "--warmup-seconds", 20);
        String amo = stringArg(args, "--amo", "http://127.0.0.1:" + System.getenv().getOrDefault("SIGNET_AMO_PORT",
                "8080"));
        Path data = Path.of(stringArg(args, "--data", ".signet-data"));
        DevCredentials credentials = DevCredentials.load(data.resolve("credentials.properties"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(64)).build();
        byte[] filler = new byte[sizeKb * 1024];
        new Random(42).nextBytes(filler);
        String phases = stringArg(args, "--phases", null);
        if (phases != null) {
            // A step is measured as it comes, cold or warm, with no warm-up of its own.
            System.exit(runPhases(http, amo, credentials, filler, Phase.parse(phases), polling) == 0 ? 0 : 1);
        }
        if (warmupSeconds > 0) {
            System.out.printf("warm-up: %d s at %.1f/s (not counted)%n", warmupSeconds, rate);
            run(http, amo, credentials, filler, rate, warmupSeconds, polling);
        }
        System.out.printf("uploading %d add-ons of %d KB at %.1f/s to %s, clients %s"
                + " (every %d. upload, the probe: %s)%n", Math.round(rate * seconds), sizeKb, rate, amo,
                polling.describe(false), polling.probeEvery(), polling.describe(true));
        int failures = run(http, amo, credentials, filler, rate, seconds, polling);
        System.exit(failures == 0 ? 0 : 1);
    }

    /** A rate offered for a number of seconds; {@code 50x60} = 50 uploads/s for 60 s. */
    private record Phase(double rate, int seconds) {
        static List<Phase> parse(String text) {
            List<Phase> phases = new ArrayList<>();
            for (String part : text.split(",")) {
                String[] rs = part.trim().split("x");
                phases.add(new Phase(Double.parseDouble(rs[0]), Integer.parseInt(rs[1])));
            }
            return phases;
        }
    }

    /** What happened to the uploads started in one phase. */
    private record Outcome(ConcurrentLinkedQueue<Long> acceptMs, ConcurrentLinkedQueue<Long> signedMs,
            ConcurrentLinkedQueue<Long> probeMs, AtomicInteger refused, AtomicInteger failures) {
        Outcome() {
            this(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>(),
                    new AtomicInteger(), new AtomicInteger());
        }
    }

    /**
     * The phases back to back, open loop; then each phase's figures. Signed/s of a phase counts the uploads
     * that were started in it and signed by the time the last of them was (its goodput).
     */
    private static int runPhases(HttpClient http, String amo, DevCredentials credentials, byte[] filler,
            List<Phase> phases, Polling polling) throws Exception {
        List<CompletableFuture<Void>> all = Collections.synchronizedList(new ArrayList<>());
        var workers = Executors.newCachedThreadPool();
        List<Outcome> outcomes = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        long start = System.nanoTime();
        int n = 0;
        for (Phase phase : phases) {
            Outcome outcome = new Outcome();
            outcomes.add(outcome);
            long phaseStart = System.nanoTime();
            long[] span = {phaseStart, phaseStart};
            spans.add(span);
            int total = (int) Math.round(phase.rate() * phase.seconds());
            System.out.printf("phase %.1f/s for %d s (%d uploads) at %.1f s%n", phase.rate(), phase.seconds(), total,
                    (phaseStart - start) / 1e9);
            for (int i = 0; i < total; i++, n++) {
                long due = phaseStart + (long) (i * 1e9 / phase.rate());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                boolean probe = polling.probeEvery() > 0 && n % polling.probeEvery() == 0;
                CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
                    try {
                        oneUpload(http, amo, credentials, filler, outcome.acceptMs(),
                                probe ? outcome.probeMs() : outcome.signedMs(),
                                probe ? polling.probeMs() : polling.everyMs(),
                                probe ? polling.probeWaitS() : polling.waitS());
                    } catch (Refused e) {
                        outcome.refused().incrementAndGet();
                    } catch (Exception e) {
                        outcome.failures().incrementAndGet();
                        System.err.println("upload failed: " + e);
                    }
                }, workers).whenComplete((v, e) -> span[1] = Math.max(span[1], System.nanoTime()));
                all.add(f);
            }
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.MINUTES);
        workers.shutdownNow();
        int failures = 0;
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            Outcome o = outcomes.get(i);
            int offered = (int) Math.round(phase.rate() * phase.seconds());
            ConcurrentLinkedQueue<Long> signed = new ConcurrentLinkedQueue<>(o.signedMs());
            signed.addAll(o.probeMs());
            double span = (spans.get(i)[1] - spans.get(i)[0]) / 1e9;
            System.out.printf("phase %d: %.1f/s x %d s: offered %d, accepted %d, refused 429 %d (%.0f %%),"
                    + " failed %d; signed %d = %.1f signed/s over %.1f s%n", i + 1, phase.rate(), phase.seconds(),
                    offered, o.acceptMs().size(), o.refused().get(), 100.0 * o.refused().get() / offered,
                    o.failures().get(), signed.size(), signed.size() / span, span);
            System.out.printf("  PUT (accepted) p50 %d ms p99 %d ms; upload → signed: probes p50 %d ms p99 %d ms"
                    + " (n=%d), others p50 %d ms p99 %d ms (n=%d)%n", pct(o.acceptMs(), 50), pct(o.acceptMs(), 99),
                    pct(o.probeMs(), 50), pct(o.probeMs(), 99), o.probeMs().size(), pct(o.signedMs(), 50),
                    pct(o.signedMs(), 99), o.signedMs().size());
            failures += o.failures().get();
        }
        return failures;
    }

    /** A 429 from admission control: the client was told to come back later. */
    private static final class Refused extends IOException {
        Refused(String body) {
            super("PUT 429 " + body);
        }
    }

    /** One open-loop phase; prints its figures and returns the number of failed uploads. */
    private static int run(HttpClient http, String amo, DevCredentials credentials, byte[] filler, double rate,
            int seconds, Polling polling) throws Exception {
        int total = (int) Math.round(rate * seconds);

        ConcurrentLinkedQueue<Long> acceptMs = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> signedMs = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> probeMs = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<CompletableFuture<Void>> all = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
        var workers = Executors.newCachedThreadPool();
        long periodNanos = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        var schedule = ticker.scheduleAtFixedRate(() -> {
            int n = sent.getAndIncrement();
            if (n >= total) {
                return;
            }
            boolean probe = polling.probeEvery() > 0 && n % polling.probeEvery() == 0;
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    oneUpload(http, amo, credentials, filler, acceptMs, probe ? probeMs : signedMs,
                            probe ? polling.probeMs() : polling.everyMs(),
                            probe ? polling.probeWaitS() : polling.waitS());
                } catch (Refused e) {
                    refused.incrementAndGet();
                } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println("upload failed: " + e);
                }
            }, workers));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Thread.sleep(50);
        }
        schedule.cancel(false);
        long submitEnd = System.nanoTime();
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.MINUTES);
        ticker.shutdownNow();
        workers.shutdownNow();
        long end = System.nanoTime();
        double elapsed = (submitEnd - start) / 1e9;
        System.out.printf("accepted %d uploads in %.1f s = %.1f uploads/s; refused (429) %d; failures %d%n",
                acceptMs.size(), elapsed, acceptMs.size() / elapsed, refused.get(), failures.get());
        System.out.printf("PUT (accepted)   p50 %d ms  p99 %d ms%n", pct(acceptMs, 50), pct(acceptMs, 99));
        System.out.printf("upload → signed, probes (%s)  p50 %d ms  p99 %d ms  max %d ms  (n=%d)%n",
                polling.describe(true), pct(probeMs, 50), pct(probeMs, 99), pct(probeMs, 100), probeMs.size());
        System.out.printf("upload → signed, others (%s)  p50 %d ms  p99 %d ms  (n=%d)%n",
                polling.describe(false), pct(signedMs, 50), pct(signedMs, 99), signedMs.size());
        signedMs.addAll(probeMs);
        System.out.printf("signed %d in %.1f s from the first PUT to the last signed = %.1f signed/s%n",
                signedMs.size(), (end - start) / 1e9, signedMs.size() / ((end - start) / 1e9));
        return failures.get();
    }

    /**
     * How clients poll: every {@code everyMs}, except every {@code probeEvery}-th upload every {@code probeMs}; a
     * wait in seconds above 0 makes those clients long-poll instead.
     */
    private record Polling(long everyMs, int probeEvery, long probeMs, int waitS, int probeWaitS) {
        String describe(boolean probe) {
            int wait = probe ? probeWaitS : waitS;
            return wait > 0 ? "long-poll ?wait=" + wait : "poll every " + (probe ? probeMs : everyMs) + " ms";
        }
    }

    private static void oneUpload(HttpClient http, String amo, DevCredentials c, byte[] filler,
            ConcurrentLinkedQueue<Long> acceptMs, ConcurrentLinkedQueue<Long> signedMs, long pollMs, int waitS)
            throws Exception {
        String id = "bench-" + UUID.randomUUID() + "@signet.example";
        byte[] xpi = xpi(id, filler);
        String boundary = "bench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.xpi\"\r\n"
                + "Content-Type: application/x-xpinstall\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(xpi);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(amo + "/api/v4/addons/" + id
                + "/versions/1.0/")).header("Authorization", "JWT " + DevJwt.token(c.amoApiKey(), c.amoApiSecret(), false))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() == 429) {
            throw new Refused(put.body());
        }
        if (put.statusCode() != 201) {
            throw new IOException("PUT " + put.statusCode() + " " + put.body());
        }
        acceptMs.add((System.nanoTime() - t0) / 1_000_000);
        String url = JSON.readTree(put.body()).get("url").asText() + (waitS > 0 ? "?wait=" + waitS : "");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "JWT " + DevJwt.token(c.amoApiKey(), c.amoApiSecret(), false)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode status = JSON.readTree(get.body());
            if (status.path("processed").asBoolean()) {
                if (!status.path("valid").asBoolean() || status.path("files").isEmpty()) {
                    throw new IOException("processed but not signed: " + get.body());
                }
                signedMs.add((System.nanoTime() - t0) / 1_000_000);
                return;
            }
            if (waitS == 0) {
                Thread.sleep(pollMs);
            }
        }
        throw new IOException("not signed within 2 minutes: " + id);
    }

    private static byte[] xpi(String id, byte[] filler) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(filler.length + 1024);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(("{\"manifest_version\": 2, \"name\": \"bench\", \"version\": \"1.0\","
                    + " \"browser_specific_settings\": {\"gecko\": {\"id\": \"" + id + "\"}}}")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            // Stored, not deflated: deflating 1 MB of random bytes per upload would load the machine under test.
            ZipEntry data = new ZipEntry("data.bin");
            data.setMethod(ZipEntry.STORED);
            data.setSize(filler.length);
            data.setCompressedSize(filler.length);
            data.setCrc(fillerCrc(filler));
            zip.putNextEntry(data);
            zip.write(filler);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static long fillerCrc(byte[] filler) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(filler);
        return crc.getValue();
    }

    private static long pct(ConcurrentLinkedQueue<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double doubleArg(String[] args, String name, double fallback) {
        String v = stringArg(args, name, null);
        return v == null ? fallback : Double.parseDouble(v);
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
