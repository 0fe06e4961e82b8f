package dev.signet.amo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.config.ConfigReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names every {@code amo.*} setting, and only those. */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theReferenceTableMatchesTheMapping() {
        Set<String> actual = ConfigReference.keysOf(AmoConfig.class, "amo");
        assertTrue(actual.contains("amo.jwt.key-cache-ttl") && actual.size() > 50, "read the mapping: " + actual);
        List<String> problems = ConfigReference.problems(actual, ConfigReference.documented("amo", DOC));
        assertEquals(List.of(), problems, "docs/configuration.md against AmoConfig");
    }
}
