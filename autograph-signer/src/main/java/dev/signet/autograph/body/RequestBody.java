package dev.signet.autograph.body;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request body as received: small ones in memory, large ones in a temp file holding a budget reservation.
 * Closing deletes the file and gives the reservation back.
 */
public final class RequestBody implements AutoCloseable {

    private final byte[] bytes;
    private final Path file;
    private final long size;
    private final String payloadHash;
    private byte[] sha256;
    private final BodyBudget.Reservation reservation;

    private RequestBody(byte[] bytes, Path file, long size, String payloadHash, byte[] sha256,
            BodyBudget.Reservation reservation) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.payloadHash = payloadHash;
        this.sha256 = sha256;
        this.reservation = reservation;
    }

    static RequestBody inMemory(byte[] bytes, String payloadHash) {
        return new RequestBody(bytes, null, bytes.length, payloadHash, null, null);
    }

    static RequestBody spooled(Path file, long size, String payloadHash, byte[] sha256,
            BodyBudget.Reservation reservation) {
        return new RequestBody(null, file, size, payloadHash, sha256, reservation);
    }

    public boolean inMemory() {
        return bytes != null;
    }

    /** The bytes of an in-memory body. */
    public byte[] bytes() {
        if (bytes == null) {
            throw new IllegalStateException("body is spooled to " + file);
        }
        return bytes;
    }

    /** The file of a spooled body. */
    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    /** The Hawk payload hash of the body, as computed while it was read. */
    public String payloadHash() {
        return payloadHash;
    }

    /** Hex SHA-256 of the body (the idempotency fingerprint); computed on demand for in-memory bodies. */
    public String sha256Hex() {
        if (sha256 == null) {
            sha256 = sha256().digest(bytes);
        }
        return HexFormat.of().formatHex(sha256);
    }

    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        TempFiles.delete(file);
        if (reservation != null) {
            reservation.close();
        }
    }
}
