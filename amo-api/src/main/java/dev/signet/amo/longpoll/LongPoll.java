package dev.signet.amo.longpoll;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.mapping.StatusETag;
import dev.signet.amo.mapping.VersionStatus;
import dev.signet.amo.service.StatusService;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code ?wait=N} on a status GET: the answer comes as soon as the document changes, or after N seconds with the
 * document as it is then. "Changes" means: it no longer matches the ETag the client sent in If-None-Match, or,
 * without one, the upload is processed. While it waits a request holds no worker thread and no database
 * connection: only its HTTP connection and an entry in {@link UploadWaiters}.
 */
@ApplicationScoped
public class LongPoll {

    private final UploadWaiters waiters;
    private final ObjectMapper json;
    private final Duration maxWait;

    public LongPoll(UploadWaiters waiters, ObjectMapper json, AmoConfig config) {
        this.waiters = waiters;
        this.json = json;
        this.maxWait = config.longPoll().maxWait();
    }

    /** The wait asked for: absent or 0 = none; more than the configured maximum is cut to it. */
    public Duration requestedWait(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Duration.ZERO;
        }
        if (!raw.matches("[0-9]{1,9}")) {
            throw AmoException.badRequest("wait must be a whole number of seconds (at most "
                    + maxWait.toSeconds() + ").");
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(raw));
        return asked.compareTo(maxWait) > 0 ? maxWait : asked;
    }

    /**
     * Looks the document up (on the calling, blocking thread) and, while it is unchanged, waits for its upload's
     * next announcement; every later look-up runs on a worker thread.
     */
    public Uni<VersionStatus> answer(Supplier<VersionStatus> lookup, Duration wait, List<String> clientTags) {
        long deadline = System.nanoTime() + wait.toNanos();
        return waitFrom(lookup.get(), lookup, clientTags, deadline);
    }

    private Uni<VersionStatus> waitFrom(VersionStatus current, Supplier<VersionStatus> lookup,
            List<String> clientTags, long deadline) {
        long left = deadline - System.nanoTime();
        Optional<UUID> upload = StatusService.parse(current.pk());
        if (left <= 0 || upload.isEmpty() || !unchanged(current, clientTags)) {
            return Uni.createFrom().item(current);
        }
        Optional<CompletableFuture<Void>> waiter = waiters.await(upload.get(), Duration.ofNanos(left));
        if (waiter.isEmpty()) {
            return Uni.createFrom().item(current);
        }
        // Looked at again after registering: a change announced in between has woken the waiter already.
        VersionStatus again = lookup.get();
        if (!unchanged(again, clientTags)) {
            waiter.get().complete(null);
            return Uni.createFrom().item(again);
        }
        return Uni.createFrom().completionStage(waiter.get())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(woken -> waitFrom(lookup.get(), lookup, clientTags, deadline));
    }

    private boolean unchanged(VersionStatus status, List<String> clientTags) {
        if (clientTags.isEmpty()) {
            return !status.processed();
        }
        return StatusETag.matchesAny(StatusETag.of(json, status), clientTags);
    }
}
