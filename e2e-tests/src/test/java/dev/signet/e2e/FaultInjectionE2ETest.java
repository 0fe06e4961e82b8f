package dev.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.e2e.faults.FaultReport;
import dev.signet.e2e.faults.FaultSuite;
import dev.signet.infra.stack.LocalStack;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The promises under faults: during at least 200 uploads from several CI-like clients, amo-api, the worker, the
 * signer and the Kafka broker are each killed with a real {@code kill -9} of their recorded pid (the supervisor
 * restarts them) and PostgreSQL is stopped immediately and started again. Nothing accepted may be lost, stuck or
 * signed twice, and signing must resume within 15 s of each process being back. The table lands in
 * {@code target/fault-injection.md}. {@code -Dfault.uploads}, {@code -Dfault.clients}, {@code -Dfault.seed}.
 */
@Order(3)
class FaultInjectionE2ETest {

    @Test
    void acceptedUploadsAreNeitherLostNorStuckNorSignedTwiceUnderKill9() throws Exception {
        // Durable like ./signet up: with synchronous_commit off an immediate stop loses acknowledged commits.
        LocalStack stack = E2eStack.get("faults", s -> s.withDurable(true)
                .withProperty("amo-api", "-Damo.throttle.enabled=false"));
        long seed = Long.getLong("fault.seed", System.currentTimeMillis());
        int uploads = Integer.getInteger("fault.uploads", 200);
        int clients = Integer.getInteger("fault.clients", 6);
        System.out.println("fault suite: seed " + seed + ", >= " + uploads + " uploads, " + clients + " clients");
        FaultReport report = new FaultSuite(stack, uploads, clients, seed).run();
        String table = report.write(Path.of("target/fault-injection.md"));
        System.out.println("fault suite (seed " + seed + "):\n" + table);
        List<String> missed = report.violations();
        assertTrue(missed.isEmpty(), "targets missed (seed " + seed + "):\n  " + String.join("\n  ", missed)
                + "\n" + table);
        // Crashes, retries and refusals log the most: no secret, token or key may be among it.
        List<String> leaks = LogSecrets.leaks(stack.settings().dataDir().resolve("logs"), stack.credentials());
        assertTrue(leaks.isEmpty(), "secrets in the logs:\n  " + String.join("\n  ", leaks));
    }
}
