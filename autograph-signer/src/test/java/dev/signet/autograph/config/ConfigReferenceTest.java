package dev.signet.autograph.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.signer.xpi.XpiConfig;
import dev.signet.testing.config.ConfigReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names every {@code signer.*} setting (the service's and the XPI signers'), and only those. */
class ConfigReferenceTest {

    @Test
    void theReferenceTableMatchesTheMappings() {
        Set<String> actual = new TreeSet<>(ConfigReference.keysOf(SignerServiceConfig.class, "signer"));
        actual.addAll(ConfigReference.keysOf(XpiConfig.class, "signer.xpi"));
        assertTrue(actual.contains("signer.hawk.timestamp-skew") && actual.contains("signer.xpi.key-pool-size"),
                "read the mappings: " + actual);
        Set<String> documented = ConfigReference.documented("signer", Path.of("..", "docs", "configuration.md"));
        assertEquals(List.of(), ConfigReference.problems(actual, documented), "docs/configuration.md against the signer");
    }
}
