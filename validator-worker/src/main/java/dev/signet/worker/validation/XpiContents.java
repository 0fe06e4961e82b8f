package dev.signet.worker.validation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the later checks see of an archive that could be read: every entry name in central-directory order, and
 * the bytes of the few files they inspect (kept in memory, so only small, named ones are retained).
 */
public record XpiContents(List<String> names, Map<String, byte[]> retained) {

    public Optional<byte[]> file(String name) {
        return Optional.ofNullable(retained.get(name));
    }
}
