package dev.signet.worker.validation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads an upload as a zip, defending against hostile archives: entry count, per-entry and total uncompressed
 * size (counted while inflating, never trusting the declared sizes), compression ratio, CRC, and names that
 * are absolute, climb out with {@code ..}, or appear twice. Every entry is inflated once, so a corrupt member
 * anywhere is found now rather than when Firefox installs the add-on, and an archive that fails here is never
 * handed to the linter (which would unpack it itself).
 */
public final class XpiReader {

    static final String BAD_ZIPFILE = "BAD_ZIPFILE";
    static final String DUPLICATE_XPI_ENTRY = "DUPLICATE_XPI_ENTRY";
    static final String INVALID_ENTRY_NAME = "INVALID_XPI_ENTRY";
    static final String TOO_MANY_ENTRIES = "ZIP_TOO_MANY_ENTRIES";
    static final String ENTRY_TOO_LARGE = "ZIP_ENTRY_TOO_LARGE";
    static final String TOO_LARGE = "ZIP_TOO_LARGE";
    static final String ZIP_BOMB = "ZIP_COMPRESSION_RATIO";
    static final String FILE_TOO_LARGE = "FILE_TOO_LARGE";

    /** Below this an entry may compress as well as it likes (a file of zeros is not an attack). */
    private static final long RATIO_CHECK_THRESHOLD = 1L << 20;
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");
    private static final int BUFFER = 64 * 1024;

    private final ValidationLimits limits;
    private final Predicate<String> retain;
    private final long retainMaxSize;

    /**
     * @param retain which entries later checks need in memory (e.g. {@code manifest.json})
     * @param retainMaxSize retained entries larger than this are read and checked but not kept
     */
    public XpiReader(ValidationLimits limits, Predicate<String> retain, long retainMaxSize) {
        this.limits = limits;
        this.retain = retain;
        this.retainMaxSize = retainMaxSize;
    }

    /** The archive's contents, or empty when it cannot be trusted at all (the reason is in {@code findings}). */
    public Optional<XpiContents> read(Path file, Findings findings) throws InterruptedIOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > limits.maxEntries()) {
                findings.error(TOO_MANY_ENTRIES, "Too many files in the package",
                        "The package has " + zip.size() + " entries; at most " + limits.maxEntries()
                                + " are accepted.", null);
                return Optional.empty();
            }
            return scan(zip, findings);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: the JDK's answer to an entry name that is not valid UTF-8.
            findings.error(BAD_ZIPFILE, "Corrupt ZIP file",
                    "We were unable to decompress the zip file" + (e.getMessage() == null || e.getMessage().isBlank()
                            // The JDK's EOFException for a directory that points past the end carries no message.
                            ? ": the archive is truncated or its directory points outside the file."
                            : ": " + e.getMessage()), null);
            return Optional.empty();
        }
    }

    private Optional<XpiContents> scan(ZipFile zip, Findings findings) throws IOException {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, byte[]> retained = new HashMap<>();
        long total = 0;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            checkInterrupted();
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            names.add(name);
            checkName(name, findings);
            if (!seen.add(name)) {
                findings.error(DUPLICATE_XPI_ENTRY, "Package contains duplicate entries",
                        "The package contains multiple entries with the same name. Try unzipping and re-zipping "
                                + "your add-on package and try again.", name);
            }
            if (entry.isDirectory()) {
                continue;
            }
            boolean keep = retain.test(name) && !retained.containsKey(name);
            Inflated inflated = inflate(zip, entry, limits.maxTotalSize() - total, keep ? retainMaxSize : -1,
                    findings);
            if (inflated == null) {
                return Optional.empty();
            }
            total += inflated.size();
            if (keep && inflated.size() > retainMaxSize) {
                findings.error(FILE_TOO_LARGE, "File is too large to parse",
                        "This file is larger than " + retainMaxSize + " bytes and cannot be checked.", name);
            } else if (keep) {
                retained.put(name, inflated.bytes());
            }
        }
        return Optional.of(new XpiContents(List.copyOf(names), Map.copyOf(retained)));
    }

    private record Inflated(long size, byte[] bytes) {
    }

    /**
     * Inflates one entry while counting; null when a fatal finding was recorded. The bytes are returned when
     * the entry is at most {@code keepLimit} long (a negative limit keeps nothing).
     */
    private Inflated inflate(ZipFile zip, ZipEntry entry, long budget, long keepLimit, Findings findings)
            throws IOException {
        String name = entry.getName();
        if (entry.getSize() > limits.maxEntrySize()) {
            return entryTooLarge(name, findings);
        }
        CRC32 crc = new CRC32();
        ByteArrayOutputStream kept = keepLimit >= 0 ? new ByteArrayOutputStream() : null;
        long size = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                checkInterrupted();
                size += n;
                if (size > limits.maxEntrySize()) {
                    return entryTooLarge(name, findings);
                }
                if (size > budget) {
                    findings.error(TOO_LARGE, "The package is too large once uncompressed",
                            "At most " + limits.maxTotalSize() + " bytes of uncompressed content are accepted.",
                            name);
                    return null;
                }
                if (isBomb(size, entry.getCompressedSize())) {
                    findings.error(ZIP_BOMB, "Suspicious compression ratio",
                            "This entry expands more than " + limits.maxCompressionRatio()
                                    + " times; the package looks like a zip bomb.", name);
                    return null;
                }
                crc.update(buffer, 0, n);
                if (kept != null && kept.size() <= keepLimit) {
                    kept.write(buffer, 0, n);
                }
            }
        }
        if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
            findings.error(BAD_ZIPFILE, "Corrupt ZIP file", "The CRC of this entry does not match its content.",
                    name);
            return null;
        }
        return new Inflated(size, kept == null || size > keepLimit ? null : kept.toByteArray());
    }

    private boolean isBomb(long inflated, long compressed) {
        return inflated > RATIO_CHECK_THRESHOLD && inflated > Math.max(compressed, 1) * limits.maxCompressionRatio();
    }

    private Inflated entryTooLarge(String name, Findings findings) {
        findings.error(ENTRY_TOO_LARGE, "A file in the package is too large",
                "Files larger than " + limits.maxEntrySize() + " bytes once uncompressed are not accepted.", name);
        return null;
    }

    private static void checkName(String name, Findings findings) {
        String problem = nameProblem(name);
        if (problem != null) {
            findings.error(INVALID_ENTRY_NAME, "Invalid file name in the package",
                    "Entry names must be relative paths inside the package: " + problem + ".", name);
        }
    }

    /** Why an entry name is unsafe to extract, or null when it is fine. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "empty name";
        }
        if (name.indexOf('\0') >= 0) {
            return "NUL character";
        }
        if (name.indexOf('\\') >= 0) {
            return "backslash";
        }
        if (name.startsWith("/") || DRIVE_LETTER.matcher(name).matches()) {
            return "absolute path";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return "parent directory reference";
            }
        }
        return null;
    }

    private static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("validation: interrupted (timeout)");
        }
    }
}
