package dev.signet.worker.health;

import dev.signet.worker.client.SignerClient;
import dev.signet.worker.service.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the signer's load-balancer heartbeat answers 200: during an outage jobs wait (they are
 * retried, never failed), and this is where that shows. The retry counter stands in for a metric (the module
 * has no metrics stack).
 */
@Readiness
@ApplicationScoped
public class SignerReadinessCheck implements HealthCheck {

    private final SignerClient signer;
    private final RetryPolicy retry;

    public SignerReadinessCheck(SignerClient signer, RetryPolicy retry) {
        this.signer = signer;
        this.retry = retry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("signer").status(signer.heartbeat())
                .withData("url", signer.baseUri().toString())
                .withData("retries", retry.retries())
                .withData("waitingForSigner", retry.waiting())
                .build();
    }
}
