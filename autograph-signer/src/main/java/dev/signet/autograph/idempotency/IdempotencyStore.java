package dev.signet.autograph.idempotency;

import dev.signet.autograph.config.SignerServiceConfig;
import dev.signet.autograph.rest.ApiException;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Stored responses of requests with an {@code Idempotency-Key}, one directory per scope (Hawk id + key) under
 * {@code signer.idempotency.dir}: {@code lock} (held while the request is in flight), {@code request.sha256}
 * (the body's fingerprint) and {@code response.json} (the full response body, renamed into place only when
 * complete, so its presence means "done"). The in-flight guard is a set in this process plus an OS file lock on
 * {@code lock}: the OS drops the lock when the process dies, even by kill -9, so a crash never leaves a key
 * stuck, and the same works across signer replicas sharing the directory.
 */
@Startup
@ApplicationScoped
public class IdempotencyStore {

    private static final Logger LOG = Logger.getLogger(IdempotencyStore.class);
    static final String LOCK = "lock";
    static final String REQUEST = "request.sha256";
    static final String RESPONSE = "response.json";
    /** The refs of the stored response's signatures, written before it; "released" once their audit line is. */
    static final String REFS = "refs";
    static final String RELEASED = "released";

    private final Path dir;
    private final Duration retention;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService cleaner;

    @Inject
    public IdempotencyStore(SignerServiceConfig config) {
        this(config.idempotency().dir(), config.idempotency().retention(), Clock.systemUTC());
        Duration every = config.idempotency().cleanupInterval();
        cleaner.scheduleWithFixedDelay(this::cleanup, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    IdempotencyStore(Path dir, Duration retention, Clock clock) {
        this.dir = dir.toAbsolutePath();
        this.retention = retention;
        this.clock = clock;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("signer.idempotency.dir " + this.dir + ": " + e.getMessage(), e);
        }
        this.cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idempotency-cleanup");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Claims the scope for this request: 409 while another request holds it, 422 when a stored response exists
     * for a different body. The returned entry is either a replay ({@link Entry#stored()}) or fresh, and must be
     * closed.
     */
    public Entry begin(String callerId, String key, String bodySha256) {
        String scope = scope(callerId, key);
        if (!inFlight.add(scope)) {
            throw inProgress();
        }
        Entry entry = null;
        try {
            Path entryDir = dir.resolve(scope);
            Files.createDirectories(entryDir);
            FileChannel channel = FileChannel.open(entryDir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw inProgress();
            }
            entry = new Entry(scope, entryDir, channel, lock);
            Path response = entryDir.resolve(RESPONSE);
            if (Files.exists(response)) {
                String stored = Files.readString(entryDir.resolve(REQUEST), StandardCharsets.US_ASCII).trim();
                if (!stored.equals(bodySha256)) {
                    throw new ApiException(422, "this Idempotency-Key was already used with a different request body");
                }
                entry.stored = response;
                Path refs = entryDir.resolve(REFS);
                if (Files.exists(refs) && !Files.exists(entryDir.resolve(RELEASED))) {
                    entry.unreleasedRefs = Files.readString(refs, StandardCharsets.US_ASCII).trim();
                }
            }
            entry.bodySha256 = bodySha256;
            return entry;
        } catch (IOException e) {
            closeQuietly(entry, scope);
            throw new UncheckedIOException("idempotency store: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(entry, scope);
            throw e;
        }
    }

    private void closeQuietly(Entry entry, String scope) {
        if (entry != null) {
            entry.close();
        } else {
            inFlight.remove(scope);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static ApiException inProgress() {
        return new ApiException(409, "a request with this Idempotency-Key is still in progress");
    }

    /** Deletes stored responses (and abandoned entries) older than the retention, skipping entries in use. */
    void cleanup() {
        long cutoff = clock.millis() - retention.toMillis();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entryDir : entries) {
                if (Files.isDirectory(entryDir) && lastModified(entryDir) < cutoff) {
                    expire(entryDir);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("idempotency cleanup of %s: %s", dir, e.getMessage());
        }
    }

    private void expire(Path entryDir) throws IOException {
        String scope = entryDir.getFileName().toString();
        if (!inFlight.add(scope)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(entryDir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(channel)) {
            if (lock == null) {
                return;
            }
            Files.deleteIfExists(entryDir.resolve(RESPONSE));
            Files.deleteIfExists(entryDir.resolve(REQUEST));
            Files.deleteIfExists(entryDir.resolve(REFS));
            Files.deleteIfExists(entryDir.resolve(RELEASED));
            Files.deleteIfExists(entryDir.resolve(RESPONSE + ".tmp"));
        } finally {
            inFlight.remove(scope);
        }
        // The lock file goes last; another process that opens it now only finds an empty entry.
        Files.deleteIfExists(entryDir.resolve(LOCK));
        Files.deleteIfExists(entryDir);
    }

    private static long lastModified(Path entryDir) throws IOException {
        Path response = entryDir.resolve(RESPONSE);
        FileTime time = Files.getLastModifiedTime(Files.exists(response) ? response : entryDir);
        return time.toMillis();
    }

    /** The directory name of a scope: not the key itself, which is client-chosen and may hold any character. */
    static String scope(String callerId, String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(callerId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(key.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        cleaner.shutdownNow();
    }

    /** Writes the response body for {@link Entry#commit}. */
    @FunctionalInterface
    public interface ResponseBody {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A claimed scope. Closing releases the claim (the stored response stays). */
    public final class Entry implements AutoCloseable {
        private final String scope;
        private final Path entryDir;
        private final FileChannel channel;
        private final FileLock lock;
        private Path stored;
        private String bodySha256;
        private String unreleasedRefs;
        private boolean closed;

        private Entry(String scope, Path entryDir, FileChannel channel, FileLock lock) {
            this.scope = scope;
            this.entryDir = entryDir;
            this.channel = channel;
            this.lock = lock;
        }

        /** The stored response to replay, or null when this request is the first and must sign. */
        public Path stored() {
            return stored;
        }

        /**
         * Refs of a stored response whose release was never logged (the process died between storing and logging
         * it), or null. The replay logs the release, so every delivered signature has one.
         */
        public String unreleasedRefs() {
            return unreleasedRefs;
        }

        /** Records that the release of the stored response's signatures is in the audit log. */
        public void markReleased() throws IOException {
            Files.writeString(entryDir.resolve(RELEASED), "", StandardCharsets.US_ASCII);
            unreleasedRefs = null;
        }

        /** A short, non-secret name of the scope for the audit log. */
        public String scopeId() {
            return scope.substring(0, 16);
        }

        /**
         * Persists the response durably before it is sent, with the refs of its signatures; returns the stored
         * file. The caller then logs their release and calls {@link #markReleased}.
         */
        public Path commit(String refs, ResponseBody body) throws IOException {
            Files.writeString(entryDir.resolve(REFS), refs, StandardCharsets.US_ASCII);
            Files.deleteIfExists(entryDir.resolve(RELEASED));
            Path tmp = entryDir.resolve(RESPONSE + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING); OutputStream stream = Channels.newOutputStream(out)) {
                body.writeTo(stream);
                out.force(true);
            }
            Files.writeString(entryDir.resolve(REQUEST), bodySha256, StandardCharsets.US_ASCII);
            Path response = entryDir.resolve(RESPONSE);
            Files.move(tmp, response, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            stored = response;
            return response;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                LOG.debugf("releasing idempotency lock %s: %s", scope, e.getMessage());
            } finally {
                inFlight.remove(scope);
            }
        }
    }
}
