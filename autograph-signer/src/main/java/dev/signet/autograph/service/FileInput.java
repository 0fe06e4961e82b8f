package dev.signet.autograph.service;

import dev.signet.autograph.body.TempFiles;
import java.nio.file.Path;
import java.util.Map;

/** One {@code /sign/file} item whose input was decoded to a temp file; closing deletes the file. */
public record FileInput(Path file, long size, String sha256Hex, String keyid, Map<String, Object> options)
        implements AutoCloseable {

    @Override
    public void close() {
        TempFiles.delete(file);
    }
}
