package dev.signet.testing.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void samplesWithAndWithoutLabelsEscapesAndSpecialValues() {
        PrometheusText scrape = PrometheusText.parse("""
                # HELP http_server_requests_seconds_count requests
                # TYPE http_server_requests_seconds_count counter
                http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/a/{id}"} 3.0
                http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="201",uri="/a/{id}"} 2.0
                signet_outbox_pending_rows 7.0
                odd{path="a \\"quoted\\" \\\\ back\\nslash"} NaN
                bucket{le="+Inf"} +Inf 1700000000000
                """);
        assertEquals(5.0, scrape.sum("http_server_requests_seconds_count", Map.of("uri", "/a/{id}")).orElseThrow());
        assertEquals(2.0, scrape.sumOrZero("http_server_requests_seconds_count", Map.of("method", "POST")));
        assertEquals(7.0, scrape.sum("signet_outbox_pending_rows", Map.of()).orElseThrow());
        assertEquals("a \"quoted\" \\ back\nslash", scrape.find("odd", Map.of()).get(0).labels().get("path"));
        assertTrue(Double.isNaN(scrape.find("odd", Map.of()).get(0).value()));
        assertEquals(Double.POSITIVE_INFINITY, scrape.find("bucket", Map.of("le", "+Inf")).get(0).value());
        assertTrue(scrape.sum("absent", Map.of()).isEmpty());
        assertEquals(0.0, scrape.sumOrZero("absent", Map.of()));
    }
}
