package dev.signet.worker.health;

import dev.signet.worker.client.SignerClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the signer's load-balancer heartbeat answers 200. */
@Readiness
@ApplicationScoped
public class SignerReadinessCheck implements HealthCheck {

    private final SignerClient signer;

    public SignerReadinessCheck(SignerClient signer) {
        this.signer = signer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("signer").status(signer.heartbeat())
                .withData("url", signer.baseUri().toString()).build();
    }
}
