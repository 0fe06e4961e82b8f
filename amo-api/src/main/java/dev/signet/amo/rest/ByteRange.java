package dev.signet.amo.rest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One byte range of an HTTP {@code Range: bytes=...} header, resolved against a file size (RFC 9110 §14). */
record ByteRange(long start, long endInclusive) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return endInclusive - start + 1;
    }

    /**
     * Empty when there is no usable single range (absent, multi-range or malformed: serve the whole file);
     * throws {@link IllegalArgumentException} when the range cannot be satisfied (416).
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new IllegalArgumentException("unsatisfiable");
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (start >= size || end < start) {
                throw new IllegalArgumentException("unsatisfiable");
            }
            return Optional.of(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
