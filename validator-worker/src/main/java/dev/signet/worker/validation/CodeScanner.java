package dev.signet.worker.validation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Scans the add-on's scripts and pages for risky patterns while the archive is read: {@code .js}, {@code .mjs},
 * {@code .jsm} with {@link JsRules}, {@code .html}/{@code .htm} with {@link HtmlRules}. Like addons-linter, a
 * text file of 5 MiB or more is not parsed and is an error ({@code FILE_TOO_LARGE}); a file that is not text
 * (NUL bytes) is skipped. One instance per validation: it sums the scanned size for the metadata.
 */
final class CodeScanner implements XpiReader.EntryScanner {

    /** addons-linter's {@code MAX_FILE_SIZE_TO_PARSE_MB}: files of this size or more are refused unparsed. */
    static final long MAX_SIZE = 5L << 20;
    private static final int BINARY_SNIFF = 8192;

    private long scannedSize;

    @Override
    public boolean wants(String name) {
        return kind(name) != Kind.OTHER;
    }

    @Override
    public long maxSize() {
        return MAX_SIZE - 1;
    }

    @Override
    public void tooLarge(String name, long size, Findings findings) {
        findings.error(XpiReader.FILE_TOO_LARGE, "File is too large to parse.",
                "This file is not binary and is too large to parse (" + size + " bytes). Files of "
                        + (MAX_SIZE >> 20) + " MB or more will not be parsed. Consider moving large lists of data "
                        + "out of JavaScript files and into JSON files, or splitting very large files into smaller "
                        + "ones.", name);
    }

    @Override
    public void scan(String name, byte[] content, Findings findings) {
        if (isBinary(content)) {
            return;
        }
        scannedSize += content.length;
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = " " + text.substring(1);
        }
        int[] lineStarts = JsSource.lineStarts(text);
        Consumer<JsRules.Hit> report = hit -> {
            int line = JsSource.lineOf(lineStarts, hit.offset());
            findings.add(MessageType.WARNING, List.of(hit.code()), hit.message(), hit.description(), name, line,
                    hit.offset() - lineStarts[line - 1] + 1);
        };
        if (kind(name) == Kind.HTML) {
            HtmlRules.check(text, report);
        } else {
            JsRules.check(JsSource.of(text), report);
        }
    }

    long scannedSize() {
        return scannedSize;
    }

    private static boolean isBinary(byte[] content) {
        for (int i = 0; i < Math.min(content.length, BINARY_SNIFF); i++) {
            if (content[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private enum Kind { JS, HTML, OTHER }

    private static Kind kind(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".js") || lower.endsWith(".mjs") || lower.endsWith(".jsm")) {
            return Kind.JS;
        }
        if (lower.endsWith(".html") || lower.endsWith(".htm")) {
            return Kind.HTML;
        }
        return Kind.OTHER;
    }
}
