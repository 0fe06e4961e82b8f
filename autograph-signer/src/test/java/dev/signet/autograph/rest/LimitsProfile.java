package dev.signet.autograph.rest;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Small body limits so the spooled path and the budget are reached with small requests, plus a fresh
 * idempotency directory. Shared by the tests that use it so Quarkus starts once for them.
 */
public class LimitsProfile implements QuarkusTestProfile {

    static final int IN_MEMORY_MAX = 4096;
    static final int BUDGET = 40 * 1024;
    static final int RETRY_AFTER = 7;
    static final int IDLE_TIMEOUT_SECONDS = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            return Map.of("signer.body.in-memory-max", Integer.toString(IN_MEMORY_MAX),
                    "signer.body.large-budget", Integer.toString(BUDGET),
                    "signer.body.retry-after-seconds", Integer.toString(RETRY_AFTER),
                    "signer.idempotency.dir", Files.createTempDirectory("signer-idempotency").toString(),
                    "signer.temp-dir", Files.createTempDirectory("signer-tmp").toString(),
                    "quarkus.http.idle-timeout", IDLE_TIMEOUT_SECONDS + "s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
