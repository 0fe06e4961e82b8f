package dev.signet.autograph.signer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code /sign/file}: the input is a whole file, the answer the signed file. Small inputs come as arrays; large
 * ones as files ({@link #signFile(Path, Path, Map)}), which a signer that can stream (XPI) overrides so the file
 * never has to fit in memory.
 */
public interface FileSigner extends Signer {

    byte[] signFile(byte[] file, Map<String, Object> options) throws SignerException;

    /**
     * Signs {@code input} into {@code output} (an existing empty file). The default loads the input into memory
     * and delegates to {@link #signFile(byte[], Map)}: right for formats whose inputs are small.
     */
    default void signFile(Path input, Path output, Map<String, Object> options) throws SignerException {
        byte[] signed;
        try {
            signed = signFile(Files.readAllBytes(input), options);
        } catch (IOException e) {
            throw SignerException.failure(type() + ": reading input: " + e.getMessage(), e);
        }
        try {
            Files.write(output, signed);
        } catch (IOException e) {
            throw SignerException.failure(type() + ": writing output: " + e.getMessage(), e);
        }
    }
}
