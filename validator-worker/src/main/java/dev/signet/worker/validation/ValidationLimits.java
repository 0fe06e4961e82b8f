package dev.signet.worker.validation;

/**
 * Caps applied while reading an upload. Defaults follow AMO: 100 MiB per entry, 250 MiB in total.
 *
 * @param maxCompressionRatio uncompressed/compressed ratio above which a large entry counts as a zip bomb
 */
public record ValidationLimits(int maxEntries, long maxEntrySize, long maxTotalSize, int maxCompressionRatio) {

    public static final ValidationLimits AMO = new ValidationLimits(5000, 100L << 20, 250L << 20, 100);

    public ValidationLimits {
        if (maxEntries <= 0 || maxEntrySize <= 0 || maxTotalSize <= 0 || maxCompressionRatio <= 0) {
            throw new IllegalArgumentException("validation: limits must be positive");
        }
    }
}
