package dev.signet.worker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.logging.Logger;

/**
 * The worker's own directory for temporary files (the upload being validated, signer requests and responses).
 * Emptied when the worker starts: a worker killed mid-job cannot clean up, and 200 MiB files left behind by
 * every crash would fill the disk. One directory per worker process; it is not shared.
 */
public final class ScratchDir {

    private static final Logger LOG = Logger.getLogger(ScratchDir.class);

    private static final String PREFIX = "signet-";

    private final Path root;

    private ScratchDir(Path root) {
        this.root = root;
    }

    /** Creates {@code root} (owner-only) if needed and deletes what an earlier run left in it. */
    public static ScratchDir open(Path root) {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root);
                try {
                    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: keep its default permissions
                }
            }
            int removed = empty(root);
            if (removed > 0) {
                LOG.infof("scratch: removed %d file(s) left in %s by an earlier run", removed, root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("worker.storage.temp-dir: cannot prepare " + root + ": " + e.getMessage(),
                    e);
        }
        return new ScratchDir(root);
    }

    public Path root() {
        return root;
    }

    /** A new empty file, e.g. {@code signet-upload-123.xpi}; the caller deletes it. */
    public Path newFile(String prefix, String suffix) throws IOException {
        return Files.createTempFile(root, PREFIX + prefix, suffix);
    }

    /** Deletes a file made here, logging instead of failing: a leftover is removed at the next start anyway. */
    public void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("scratch: cannot delete %s: %s", file, e.getMessage());
        }
    }

    /**
     * Only our own files (prefix {@value #PREFIX}, top level) are removed, so a temp-dir pointed at a shared
     * directory by mistake loses nothing else.
     */
    private static int empty(Path root) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(file);
                    removed++;
                }
            }
        }
        return removed;
    }
}
