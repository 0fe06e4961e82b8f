package dev.signet.autograph.service;

import dev.signet.autograph.body.TempFiles;
import dev.signet.model.signer.SignatureResponse;
import java.nio.file.Path;

/**
 * A signed file too large for memory: the response item without {@code signed_file}, and the file that is
 * written there. Closing deletes the file.
 */
public record SignedFile(SignatureResponse envelope, Path file) implements AutoCloseable {

    @Override
    public void close() {
        TempFiles.delete(file);
    }
}
