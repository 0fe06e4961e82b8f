package dev.signet.autograph.signer;

import java.util.List;

/**
 * Optional capability of file-only signers: the small file the monitor signs every pass (Autograph's
 * {@code TestFileGetter}; an APK signer returns a tiny APK). Without it, a {@link FileSigner} signs the monitoring
 * string as a file.
 */
public interface TestFileProvider extends Signer {

    /** The file a {@link FileSigner} signs for the monitor. */
    default byte[] testFile() {
        throw new UnsupportedOperationException(id() + ": no monitor test file");
    }

    /** The files a {@link MultipleFileSigner} that cannot sign data signs for the monitor. */
    default List<NamedFile> testFiles() {
        throw new UnsupportedOperationException(id() + ": no monitor test files");
    }
}
