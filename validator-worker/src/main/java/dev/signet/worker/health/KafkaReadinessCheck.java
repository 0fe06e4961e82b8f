package dev.signet.worker.health;

import dev.signet.worker.config.WorkerConfig;
import dev.signet.worker.messaging.KafkaSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka cluster answers a describe-cluster request within a short timeout. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private final Duration timeout;
    private final Admin admin;

    public KafkaReadinessCheck(WorkerConfig config) {
        this.timeout = config.kafka().healthTimeout();
        this.admin = Admin.create(KafkaSettings.admin(config.kafka()));
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return HealthCheckResponse.named("kafka").up().withData("nodes", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named("kafka").down().build();
        } catch (Exception e) {
            return HealthCheckResponse.named("kafka").down().withData("error", String.valueOf(e)).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
