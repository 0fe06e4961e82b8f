package dev.signet.worker.health;

import dev.signet.worker.messaging.UploadJobConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** The worker is alive while its consumer loop runs; a dead loop means a restart is needed. */
@Liveness
@ApplicationScoped
public class ConsumerLivenessCheck implements HealthCheck {

    private final UploadJobConsumer consumer;

    public ConsumerLivenessCheck(UploadJobConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("upload-job-consumer").status(consumer.isAlive()).build();
    }
}
