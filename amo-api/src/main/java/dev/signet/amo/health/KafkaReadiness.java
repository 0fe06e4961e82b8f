package dev.signet.amo.health;

import dev.signet.amo.messaging.KafkaClients;
import dev.signet.amo.messaging.ResultConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the broker answers and the result consumer runs (the datasource check comes with Quarkus). */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final KafkaClients kafka;
    private final ResultConsumer consumer;

    public KafkaReadiness(KafkaClients kafka, ResultConsumer consumer) {
        this.kafka = kafka;
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("kafka");
        try (Admin admin = kafka.admin()) {
            String cluster = admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
            return builder.status(consumer.isAlive()).withData("cluster", cluster)
                    .withData("resultConsumer", consumer.isAlive()).build();
        } catch (Exception e) {
            return builder.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
