package dev.signet.e2e.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit-log view of double signing reads SigningService's audit line as the signer writes it. */
class SigningEvidenceTest {

    @TempDir
    Path dir;

    @Test
    void countsTheWorkersSignaturesPerInputHash() throws Exception {
        String line = "2026-12-01 21:46:25,676 INFO  [dev.signet.autograph.audit] (executor-thread-1) signed"
                + " ref=%s user_id=%s signer_id=dev-xpi used_default_signer=true input_hash=%s t=201670us";
        Path log = Files.writeString(dir.resolve("autograph-signer.log"), String.join("\n",
                line.formatted("r1", "validator-worker", "aa11"),
                "2026-12-01 21:46:26,000 INFO  [io.quarkus] (main) started",
                line.formatted("r2", "validator-worker", "bb22"),
                line.formatted("r3", "validator-worker", "aa11"),
                line.formatted("r4", "someone-else", "cc33")) + "\n");

        Map<String, Integer> counts = SigningEvidence.auditedSignatures(log);

        assertEquals(Map.of("aa11", 2, "bb22", 1), counts, "only the worker's signatures, counted per XPI");
    }
}
