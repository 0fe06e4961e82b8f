package dev.signet.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link BlobStore} on a local or shared (NFS) directory. Keys look like {@code uploads/ab/abcdef....}.
 * Writes go to a temporary file in the same directory tree, are fsynced, then atomically renamed, so a crash
 * never leaves a truncated blob under a valid key.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern RECORD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,31}/[0-9a-f]{2}/[0-9a-f]{64}");

    private final Path root;
    private final Path tmp;

    public FileSystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve(".tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("blob store: cannot create " + tmp, e);
        }
    }

    @Override
    public BlobRef putFile(String namespace, Path source) throws IOException {
        checkNamespace(namespace);
        Path staged = Files.createTempFile(tmp, "put-", ".part");
        try {
            MessageDigest sha256 = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), sha256);
                    OutputStream out = Files.newOutputStream(staged)) {
                in.transferTo(out);
            }
            BlobRef ref = commit(namespace, staged, sha256);
            Files.deleteIfExists(source);
            return ref;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public BlobRef putBytes(String namespace, byte[] content) throws IOException {
        checkNamespace(namespace);
        Path staged = Files.createTempFile(tmp, "put-", ".part");
        try {
            Files.write(staged, content);
            MessageDigest sha256 = sha256();
            sha256.update(content);
            return commit(namespace, staged, sha256);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private BlobRef commit(String namespace, Path staged, MessageDigest digest) throws IOException {
        String hex = HexFormat.of().formatHex(digest.digest());
        String key = namespace + "/" + hex.substring(0, 2) + "/" + hex;
        Path target = root.resolve(key);
        Files.createDirectories(target.getParent());
        long size = Files.size(staged);
        if (!Files.exists(target)) {
            fsync(staged);
            try {
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new BlobRef(key, hex, size);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(resolve(key));
    }

    @Override
    public boolean exists(String key) {
        return KEY.matcher(key).matches() && Files.isRegularFile(root.resolve(key));
    }

    @Override
    public void putRecord(String namespace, String name, String value) throws IOException {
        Path target = recordPath(namespace, name);
        Files.createDirectories(target.getParent());
        Path staged = Files.createTempFile(tmp, "record-", ".part");
        try {
            Files.writeString(staged, value);
            fsync(staged);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public Optional<String> getRecord(String namespace, String name) throws IOException {
        Path file = recordPath(namespace, name);
        return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    private Path recordPath(String namespace, String name) {
        checkNamespace(namespace);
        if (name == null || !RECORD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("blob store: malformed record name " + name);
        }
        return root.resolve("records").resolve(namespace).resolve(name);
    }

    /** The local path of a blob, for callers that can hand a file to the OS (zero-copy downloads). */
    public Path path(String key) {
        return resolve(key);
    }

    private Path resolve(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("blob store: malformed key " + key);
        }
        return root.resolve(key);
    }

    private static void checkNamespace(String namespace) {
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("blob store: malformed namespace " + namespace);
        }
    }

    private static void fsync(Path file) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
