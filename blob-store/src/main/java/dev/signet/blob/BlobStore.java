package dev.signet.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where uploaded and signed files live, shared by amo-api (writes uploads, serves signed files) and
 * validator-worker (reads uploads, writes signed files). Content-addressed: a blob's key is derived from its
 * SHA-256, so storing the same bytes twice is harmless and a retried job finds what an earlier try wrote.
 */
public interface BlobStore {

    /**
     * Moves a finished local file into the store under {@code namespace}, hashing it on the way.
     * The source file is consumed (moved or deleted).
     */
    BlobRef putFile(String namespace, Path source) throws IOException;

    /** Stores bytes under {@code namespace}. */
    BlobRef putBytes(String namespace, byte[] content) throws IOException;

    /** Opens a stored blob; {@link java.nio.file.NoSuchFileException} when the key is unknown. */
    InputStream open(String key) throws IOException;

    /** Size in bytes of a stored blob; {@link java.nio.file.NoSuchFileException} when the key is unknown. */
    long size(String key) throws IOException;

    boolean exists(String key);

    /**
     * Writes a small named record atomically (last write wins), e.g. which signed blob belongs to an upload,
     * so that a retried job can find what an earlier try produced.
     */
    void putRecord(String namespace, String name, String value) throws IOException;

    /** A record written by {@link #putRecord}, if any. */
    java.util.Optional<String> getRecord(String namespace, String name) throws IOException;
}
