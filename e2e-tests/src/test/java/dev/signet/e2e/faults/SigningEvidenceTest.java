package dev.signet.e2e.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit-log view of double signing reads the signer's "signed" and "released" lines as it writes them. */
class SigningEvidenceTest {

    @TempDir
    Path dir;

    @Test
    void countsTheWorkersReleasedSignaturesPerInputHash() throws Exception {
        String signed = "2026-12-01 21:46:25,676 INFO  [dev.signet.autograph.audit] (executor-thread-1) [job-1] signed"
                + " ref=%s user_id=%s request_id=job-1 signer_id=dev-xpi used_default_signer=true input_hash=%s"
                + " t=201670us";
        String released = "2026-12-01 21:46:25,700 INFO  [dev.signet.autograph.audit] (executor-thread-1) [job-1]"
                + " released refs=%s user_id=%s request_id=job-1 idempotency_scope=0123456789abcdef";
        Path log = Files.writeString(dir.resolve("autograph-signer.log"), String.join("\n",
                signed.formatted("r0", "validator-worker", "aa11"), // made, never released: the signer died
                signed.formatted("r1", "validator-worker", "aa11"),
                released.formatted("r1", "validator-worker"),
                "2026-12-01 21:46:26,000 INFO  [io.quarkus] (main) [] started",
                released.formatted("r1", "validator-worker"), // the replay logs a release it finds unlogged
                signed.formatted("r2", "validator-worker", "bb22"),
                signed.formatted("r3", "validator-worker", "bb22"),
                released.formatted("r2,r3", "validator-worker"),
                signed.formatted("r4", "someone-else", "cc33"),
                released.formatted("r4", "someone-else")) + "\n");

        Map<String, Integer> counts = SigningEvidence.auditedSignatures(log);

        assertEquals(Map.of("aa11", 1, "bb22", 2), counts, "the worker's released signatures, distinct, per XPI");
    }
}
