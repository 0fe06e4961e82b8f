package dev.signet.worker.config;

import dev.signet.blob.BlobStore;
import dev.signet.blob.FileSystemBlobStore;
import dev.signet.worker.storage.ScratchDir;
import dev.signet.worker.validation.ValidationLimits;
import dev.signet.worker.validation.XpiValidator;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain (framework-free) pieces from configuration. */
public class WorkerBeans {

    @Produces
    @Singleton
    BlobStore blobStore(WorkerConfig config) {
        return new FileSystemBlobStore(config.storage().root());
    }

    /** Emptied here, before the consumer starts: nothing can be using it yet. */
    @Produces
    @Singleton
    ScratchDir scratchDir(WorkerConfig config) {
        return ScratchDir.open(config.storage().tempDir());
    }

    @Produces
    @Singleton
    XpiValidator xpiValidator(WorkerConfig config) {
        WorkerConfig.Validation v = config.validation();
        return new XpiValidator(new ValidationLimits(v.maxEntries(), v.maxEntrySize(), v.maxTotalSize(),
                v.maxCompressionRatio()));
    }
}
