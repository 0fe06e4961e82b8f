package dev.signet.worker.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The real {@link WorkerConfig} mapping built from a map, for classes tested without Quarkus. */
public final class TestConfig {

    private TestConfig() {
    }

    /** Without worker.linter.dir, the build's installation ({@code target/linter}) is named. */
    public static WorkerConfig worker(Map<String, String> properties) {
        Map<String, String> withLinter = new HashMap<>(properties);
        if (System.getProperty("worker.linter.dir") == null) {
            withLinter.putIfAbsent("worker.linter.dir", Path.of(System.getProperty("user.dir"), "target", "linter")
                    .toAbsolutePath().toString());
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .withSources(new PropertiesConfigSource(withLinter, "test", 500))
                .withMapping(WorkerConfig.class)
                .build();
        return config.getConfigMapping(WorkerConfig.class);
    }
}
