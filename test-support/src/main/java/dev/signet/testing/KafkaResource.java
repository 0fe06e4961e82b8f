package dev.signet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test at the real Kafka broker of {@link TestInfra} via {@code kafka.bootstrap.servers}. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestInfra.kafka().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared across test classes; stopped when the JVM exits
    }
}
