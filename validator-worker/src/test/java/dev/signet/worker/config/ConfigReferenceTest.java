package dev.signet.worker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.config.ConfigReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/validator-worker.md (the full table) and docs/configuration.md name every {@code worker.*} setting, and only those. */
class ConfigReferenceTest {

    @Test
    void theReferenceTablesMatchTheMapping() {
        Set<String> actual = ConfigReference.keysOf(WorkerConfig.class, "worker");
        assertTrue(actual.contains("worker.kafka.consumers") && actual.size() > 20, "read the mapping: " + actual);
        Set<String> documented = ConfigReference.documented("worker", Path.of("..", "docs", "validator-worker.md"),
                Path.of("..", "docs", "configuration.md"));
        assertEquals(List.of(), ConfigReference.problems(actual, documented), "docs against WorkerConfig");
    }
}
