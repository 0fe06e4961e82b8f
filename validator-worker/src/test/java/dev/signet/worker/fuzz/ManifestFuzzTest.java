package dev.signet.worker.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.testing.zip.RawZip;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Our pass (manifest identity, permissions) behind a sound archive: the fuzzer writes {@code manifest.json}, a script and
 * a page (three files in one input, cut at {@link #SEPARATOR}), which the archive-level target rarely gets past
 * the zip checks to reach. Same invariant: a readable report, never an exception or a hang. Seeds: manifests
 * under {@code ManifestFuzzTestInputs/validate/}.
 */
class ManifestFuzzTest {

    /** Separates manifest.json, background.js and popup.html in one fuzzer input. */
    static final byte[] SEPARATOR = "\n//--file--\n".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"\"manifest_version\"", "\"browser_specific_settings\"", "\"gecko\"", "\"id\"", "\"version\"",
            "\"name\"", "\"permissions\"", "\"host_permissions\"", "\"content_security_policy\"", "\"background\"",
            "\"scripts\"", "\"applications\"", "\"strict_min_version\"", "\"<all_urls>\"", "'unsafe-eval'",
            "script-src", "eval(", "innerHTML", "<script", "//", "/*", "\\xEF\\xBB\\xBF", "\\x0A//--file--\\x0A"})
    void validate(byte[] input) throws IOException {
        byte[][] parts = split(input, 3);
        // Stored, not deflated: compressing three entries per input would take most of the fuzzing time.
        XpiArchiveFuzzTest.assertReport(RawZip.create().add(RawZip.Entry.stored("manifest.json", parts[0]))
                .add(RawZip.Entry.stored("background.js", parts[1])).add(RawZip.Entry.stored("popup.html", parts[2]))
                .bytes());
    }

    /** The input cut at {@link #SEPARATOR} into {@code n} files (missing ones empty), so seeds stay readable. */
    private static byte[][] split(byte[] input, int n) {
        byte[][] parts = new byte[n][];
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = i == n - 1 ? input.length : indexOf(input, start);
            parts[i] = Arrays.copyOfRange(input, Math.min(start, input.length), Math.max(end, start));
            start = Math.min(end + SEPARATOR.length, input.length);
        }
        return parts;
    }

    private static int indexOf(byte[] input, int from) {
        for (int i = from; i + SEPARATOR.length <= input.length; i++) {
            if (Arrays.equals(input, i, i + SEPARATOR.length, SEPARATOR, 0, SEPARATOR.length)) {
                return i;
            }
        }
        return input.length;
    }
}
