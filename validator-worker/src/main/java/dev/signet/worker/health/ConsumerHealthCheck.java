package dev.signet.worker.health;

import dev.signet.worker.messaging.UploadJobConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The worker is alive, and ready, only while its consumer loop runs: a worker whose loop died takes no jobs,
 * so it must neither look ready nor stay unrestarted.
 */
@Liveness
@Readiness
@ApplicationScoped
public class ConsumerHealthCheck implements HealthCheck {

    private final UploadJobConsumer consumer;

    public ConsumerHealthCheck(UploadJobConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("upload-job-consumer")
                .status(consumer.isAlive());
        if (consumer.deathCause() != null) {
            response.withData("stopped", consumer.deathCause());
        }
        return response.build();
    }
}
