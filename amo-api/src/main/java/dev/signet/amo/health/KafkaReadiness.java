package dev.signet.amo.health;

import dev.signet.amo.messaging.KafkaClients;
import dev.signet.amo.messaging.ResultConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready when the broker answers and the result consumer runs. The endpoint is public: the detail says UP or
 * DOWN per part, never an address or an error text (those go to the log).
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(KafkaReadiness.class);

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
            admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
            return builder.status(consumer.isAlive()).withData("broker", "UP")
                    .withData("resultConsumer", consumer.isAlive() ? "UP" : "DOWN").build();
        } catch (Exception e) {
            LOG.warnf("readiness: kafka unavailable: %s", e.getMessage());
            return builder.down().withData("broker", "DOWN")
                    .withData("resultConsumer", consumer.isAlive() ? "UP" : "DOWN").build();
        }
    }
}
