package dev.signet.e2e.faults;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waits for a line containing a marker to be appended to a log, reading only what was added since. */
final class LogWatch {

    private LogWatch() {
    }

    /** True once a line with {@code marker} appears after the current end of {@code log}; false on timeout. */
    static boolean awaitNewLine(Path log, String marker, Duration timeout) throws IOException, InterruptedException {
        long offset = Files.size(log);
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder pending = new StringBuilder();
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] buffer = new byte[64 * 1024];
            while (System.nanoTime() < deadline) {
                file.seek(offset);
                int n = file.read(buffer);
                if (n > 0) {
                    offset += n;
                    pending.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (pending.indexOf(marker) >= 0) {
                        return true;
                    }
                    int lastLine = pending.lastIndexOf("\n");
                    if (lastLine >= 0) {
                        pending.delete(0, lastLine + 1);
                    }
                } else {
                    Thread.sleep(2);
                }
            }
        }
        return false;
    }
}
