package dev.signet.autograph.body;

import dev.signet.autograph.config.SignerServiceConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The signer's own temp files: spooled bodies, decoded inputs, signed outputs. This process works in a
 * {@code run-*} directory under {@code signer.temp-dir} whose {@code .lock} it holds (an OS lock, released even
 * on kill -9); at startup every run directory whose lock can be taken belongs to a dead process and is deleted.
 * Several signers (or test instances) may share the root without deleting each other's files.
 */
@Startup
@ApplicationScoped
public class TempFiles {

    private static final Logger LOG = Logger.getLogger(TempFiles.class);
    private static final String LOCK = ".lock";

    private final Path runDir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    @Inject
    public TempFiles(SignerServiceConfig config) {
        this(config.tempDir());
    }

    TempFiles(Path tempDir) {
        Path root = tempDir.toAbsolutePath();
        try {
            Files.createDirectories(root);
            sweep(root);
            // Locked under a name the sweep ignores, then renamed: another signer starting at the same moment
            // never sees this directory unlocked. The lock belongs to the file, so it survives the rename.
            Path fresh = Files.createTempDirectory(root, "new-");
            lockChannel = FileChannel.open(fresh.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.lock();
            runDir = Files.move(fresh, root.resolve("run-" + fresh.getFileName().toString().substring(4)));
        } catch (IOException e) {
            throw new UncheckedIOException("signer.temp-dir " + root + ": " + e.getMessage(), e);
        }
    }

    /** A new empty file; the caller deletes it (see {@link #delete}). */
    public Path newFile(String prefix) throws IOException {
        return Files.createTempFile(runDir, prefix, ".tmp");
    }

    public Path runDir() {
        return runDir;
    }

    /** Deletes without failing: used in finally blocks, where a failure must not hide the real outcome. */
    public static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete temp file %s: %s", file, e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debugf("releasing %s: %s", runDir, e.getMessage());
        }
        deleteTree(runDir);
    }

    private static void sweep(Path root) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "run-*")) {
            for (Path dir : dirs) {
                if (isAbandoned(dir)) {
                    LOG.infof("deleting temp files of a signer that is gone: %s", dir);
                    deleteTree(dir);
                }
            }
        }
    }

    private static boolean isAbandoned(Path dir) {
        try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) {
                return false;
            }
            probe.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // held by another instance in this JVM
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(TempFiles::delete);
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
