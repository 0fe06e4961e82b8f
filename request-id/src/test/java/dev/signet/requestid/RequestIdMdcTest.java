package dev.signet.requestid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.model.requestid.RequestIds;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class RequestIdMdcTest {

    @Test
    void aScopeSetsTheIdAndClosingItLeavesNothingForTheNextJob() {
        try (RequestIdMdc.Scope scope = RequestIdMdc.open("job-1")) {
            assertEquals("job-1", RequestIdMdc.current());
        }
        assertNull(RequestIdMdc.current());
        try (RequestIdMdc.Scope scope = RequestIdMdc.open(null)) {
            assertNull(RequestIdMdc.current());
            assertTrue(RequestIds.valid(RequestIdMdc.currentOrNew()).isPresent());
            assertEquals("-", RequestIdMdc.currentForLog(), "a log line outside a request invents no id");
        }
    }

    @Test
    void aCarriedTaskRunsUnderTheSubmittersIdAndLeavesThePoolThreadClean() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            String seen;
            try (RequestIdMdc.Scope scope = RequestIdMdc.open("job-2")) {
                seen = pool.submit(RequestIdMdc.carried(RequestIdMdc::current)).get();
            }
            assertEquals("job-2", seen);
            assertNull(pool.submit(RequestIdMdc::current).get(), "the pool thread keeps no id");
        } finally {
            pool.shutdownNow();
        }
    }
}
