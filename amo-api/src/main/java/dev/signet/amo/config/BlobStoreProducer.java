package dev.signet.amo.config;

import dev.signet.blob.BlobStore;
import dev.signet.blob.FileSystemBlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** The blob store shared with validator-worker. */
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(AmoConfig config) {
        return new FileSystemBlobStore(Path.of(config.storage().root()));
    }
}
