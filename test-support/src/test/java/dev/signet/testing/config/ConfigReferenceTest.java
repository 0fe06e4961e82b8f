package dev.signet.testing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReferenceTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFirstColumnOfTablesWithSiblingShorthand() throws Exception {
        Path doc = dir.resolve("c.md");
        Files.writeString(doc, """
                Prose mentioning `x.not-a-row` is ignored.

                | key | default | meaning |
                |---|---|---|
                | `x.a.b`, `.c` | `1` | see `x.in-meaning` |
                | `x.map.<name>.size` | — | a map |
                | `y.other` | — | another prefix |
                """);
        assertEquals(Set.of("x.a.b", "x.a.c", "x.map.*.size"), ConfigReference.documented("x", doc));
    }

    @Test
    void reportsBothMissingAndStaleKeys() {
        assertEquals(List.of("not documented: x.new", "documented but not a setting (renamed or removed?): x.old"),
                ConfigReference.problems(Set.of("x.kept", "x.new"), Set.of("x.kept", "x.old")));
    }
}
