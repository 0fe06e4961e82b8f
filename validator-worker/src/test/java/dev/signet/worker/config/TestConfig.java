package dev.signet.worker.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** The real {@link WorkerConfig} mapping built from a map, for classes tested without Quarkus. */
public final class TestConfig {

    private TestConfig() {
    }

    public static WorkerConfig worker(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withMapping(WorkerConfig.class)
                .build();
        return config.getConfigMapping(WorkerConfig.class);
    }
}
