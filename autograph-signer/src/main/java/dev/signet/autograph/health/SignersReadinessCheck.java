package dev.signet.autograph.health;

import dev.signet.autograph.service.MonitorService;
import dev.signet.autograph.signer.SignerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when every signer is loaded (startup fails otherwise) and signs the monitoring string. */
@Readiness
@ApplicationScoped
public class SignersReadinessCheck implements HealthCheck {

    private final SignerRegistry registry;
    private final MonitorService monitor;

    public SignersReadinessCheck(SignerRegistry registry, MonitorService monitor) {
        this.registry = registry;
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> failing = monitor.failingSigners();
        return HealthCheckResponse.named("signers")
                .status(failing.isEmpty())
                .withData("loaded", registry.all().size())
                .withData("failing", String.join(",", failing))
                .build();
    }
}
