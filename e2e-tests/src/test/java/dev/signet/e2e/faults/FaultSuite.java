package dev.signet.e2e.faults;

import dev.signet.e2e.AmoClient;
import dev.signet.e2e.Xpis;
import dev.signet.infra.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uploads from several CI-like clients while the stack's processes are killed and restarted in turn at random
 * points (the worker just after the signer logged a signature, when a redelivered job would be signed again),
 * then the tally: what was accepted, what became final, what was lost, stuck or signed twice.
 */
public final class FaultSuite {

    static final String GUID_PREFIX = "fault-";
    /** A not yet processed upload is stuck once this long has passed since the last fault (or its acceptance). */
    static final Duration STUCK_AFTER = Duration.ofSeconds(60);
    /** How long after a process is back the suite waits for the next signed upload before moving on. */
    static final Duration RECOVERY_WINDOW = Duration.ofSeconds(60);
    /** How long the worker kill waits for the signer to sign something (it falls back to a random point). */
    static final Duration SIGNATURE_WAIT = Duration.ofSeconds(60);

    private final LocalStack stack;
    private final int minimumUploads;
    private final int clients;
    private final Random random;
    private final Queue<TrackedUpload> uploads = new ConcurrentLinkedQueue<>();
    private final ClientErrors errors = new ClientErrors();
    private final AtomicInteger next = new AtomicInteger();
    private final List<FaultEvent> events = new ArrayList<>();
    private volatile Instant faultsDoneAt;

    public FaultSuite(LocalStack stack, int minimumUploads, int clients, long seed) {
        this.stack = stack;
        this.minimumUploads = minimumUploads;
        this.clients = clients;
        this.random = new Random(seed);
    }

    static String guid(int index) {
        return GUID_PREFIX + index + "@signet.example";
    }

    /** Runs the clients and the faults and returns the tally once every client is done. */
    public FaultReport run() throws Exception {
        Instant start = Instant.now();
        AmoClient amo = new AmoClient(stack);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(new CiClient(amo, FaultSuite::xpi, this::nextIndex, this::pollDeadline, uploads,
                    errors), "ci-client-" + i);
            t.start();
            threads.add(t);
        }
        try {
            awaitSigned(Instant.EPOCH, 20, Duration.ofMinutes(2));
            for (Fault fault : Fault.values()) {
                Thread.sleep(2000 + random.nextInt(6000));
                events.add(inject(fault));
            }
        } finally {
            faultsDoneAt = Instant.now();
        }
        for (Thread t : threads) {
            t.join(STUCK_AFTER.toMillis() + 120_000);
            t.interrupt();
        }
        settleUnfinished(amo);
        return FaultReport.of(stack, List.copyOf(uploads), errors, List.copyOf(events), minimumUploads,
                Duration.between(start, Instant.now()));
    }

    private Integer nextIndex() {
        if (faultsDoneAt != null && next.get() >= minimumUploads) {
            return null;
        }
        return next.getAndIncrement();
    }

    private Instant pollDeadline(TrackedUpload upload) {
        Instant done = faultsDoneAt;
        if (done == null) {
            return Instant.now().plus(STUCK_AFTER);
        }
        Instant from = upload.acceptedAt.isAfter(done) ? upload.acceptedAt : done;
        return from.plus(STUCK_AFTER);
    }

    private FaultEvent inject(Fault fault) throws Exception {
        if (fault == Fault.KILL_WORKER) {
            // The worst moment for "signed once": the signer has signed, the worker has not yet stored the file,
            // published the result and committed the offset, so the job is redelivered after the restart.
            boolean caught = LogWatch.awaitNewLine(signerLog(), " signed ref=", SIGNATURE_WAIT);
            System.out.println("fault: worker kill " + (caught ? "right after a signature"
                    : "at a random point (no signature within " + SIGNATURE_WAIT.toSeconds() + " s)"));
        }
        Instant injected = Instant.now();
        long pid = -1;
        Instant back;
        if (fault.child != null) {
            pid = stack.kill9(fault.child);
            back = stack.awaitBack(fault.child, pid, Duration.ofMinutes(3));
        } else {
            stack.stopPostgresImmediately();
            Thread.sleep(1000 + random.nextInt(2000));
            stack.startPostgres();
            back = Instant.now();
        }
        System.out.println("fault: " + fault.description + " (pid " + pid + ") back after "
                + Duration.between(injected, back).toMillis() + " ms");
        Instant nextSigned = awaitSigned(back, 1, RECOVERY_WINDOW);
        return new FaultEvent(fault, pid, injected, back, nextSigned);
    }

    private Path signerLog() {
        return stack.settings().dataDir().resolve("logs/autograph-signer.log");
    }

    /** Waits until {@code count} uploads were seen signed after {@code after}; returns when the first was seen. */
    private Instant awaitSigned(Instant after, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Instant> seen = uploads.stream().filter(u -> u.signed && u.finalSeenAt != null
                    && u.finalSeenAt.isAfter(after)).map(u -> u.finalSeenAt).sorted().toList();
            if (seen.size() >= count) {
                return seen.get(0);
            }
            Thread.sleep(100);
        }
        return null;
    }

    /** An accepted upload that never became final: lost if amo-api no longer knows it, stuck otherwise. */
    private void settleUnfinished(AmoClient amo) throws InterruptedException {
        for (TrackedUpload upload : uploads) {
            if (!upload.accepted() || upload.finalSeenAt != null) {
                continue;
            }
            try {
                HttpResponse<String> response = amo.status(upload.guid, upload.version);
                upload.lastAnswer = "GET " + response.statusCode() + " " + response.body();
                upload.outcome = response.statusCode() == 404 ? TrackedUpload.Outcome.LOST
                        : TrackedUpload.Outcome.STUCK;
            } catch (IOException e) {
                upload.outcome = TrackedUpload.Outcome.STUCK;
                upload.lastAnswer = "GET " + e;
            }
        }
    }

    private static byte[] xpi(int index) {
        try {
            return Xpis.webExtension(guid(index), "1.0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
