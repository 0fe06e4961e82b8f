package dev.signet.infra.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One child's pid in the data dir ({@code pids/<name>.pid}: the pid and the process's start time), rewritten on
 * every restart, so that {@code ./signet down} can stop the stack's processes even when the process that started
 * them is gone. The start time guards against signalling an unrelated process that got a recycled pid.
 */
public record PidFile(Path path) {

    // /proc start times have clock-tick resolution and each JVM rounds them its own way.
    private static final long SAME_START_TOLERANCE_MILLIS = 1000;

    public static PidFile in(Path pidDir, String name) {
        return new PidFile(pidDir.resolve(name + ".pid"));
    }

    public String name() {
        String file = path.getFileName().toString();
        return file.substring(0, file.length() - ".pid".length());
    }

    public void write(ProcessHandle process) throws IOException {
        Files.createDirectories(path.getParent());
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, process.pid() + " " + started + "\n");
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The recorded process if it is still the one that is running under that pid. */
    public Optional<ProcessHandle> live() throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        String[] fields = Files.readString(path).trim().split("\\s+");
        long pid = Long.parseLong(fields[0]);
        long started = fields.length > 1 ? Long.parseLong(fields[1]) : 0L;
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> started == 0 || p.info()
                .startInstant().map(i -> Math.abs(i.toEpochMilli() - started) <= SAME_START_TOLERANCE_MILLIS)
                .orElse(true));
    }

    public long pid() throws IOException {
        return Long.parseLong(Files.readString(path).trim().split("\\s+")[0]);
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: a stale pid file is checked against the start time before it is used
        }
    }
}
