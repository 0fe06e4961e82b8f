package dev.signet.worker.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.blob.BlobStore;
import dev.signet.blob.FileSystemBlobStore;
import dev.signet.worker.linter.LinterException;
import dev.signet.worker.linter.LinterPool;
import dev.signet.worker.storage.ScratchDir;
import dev.signet.worker.validation.UploadValidator;
import dev.signet.worker.validation.ValidationLimits;
import dev.signet.worker.validation.XpiValidator;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
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

    /** Started with the application: a worker without Node or the installed linter must not start at all. */
    @Produces
    @Singleton
    @Startup
    LinterPool linterPool(WorkerConfig config, ObjectMapper mapper) {
        return linterPool(config.linter(), mapper);
    }

    void closeLinterPool(@Disposes LinterPool pool) {
        pool.close();
    }

    @Produces
    @Singleton
    UploadValidator validator(WorkerConfig config, LinterPool linter, ObjectMapper mapper) {
        return uploadValidator(config, linter, mapper);
    }

    /** The same wiring for code that runs without CDI (the tests' forked worker JVMs). */
    public static LinterPool linterPool(WorkerConfig.Linter config, ObjectMapper mapper) {
        try {
            return new LinterPool(config, mapper);
        } catch (LinterException e) {
            throw new IllegalStateException("validator-worker: " + e.getMessage(), e);
        }
    }

    public static UploadValidator uploadValidator(WorkerConfig config, LinterPool linter, ObjectMapper mapper) {
        WorkerConfig.Validation v = config.validation();
        return new UploadValidator(new XpiValidator(new ValidationLimits(v.maxEntries(), v.maxEntrySize(),
                v.maxTotalSize(), v.maxCompressionRatio())), linter, mapper);
    }
}
