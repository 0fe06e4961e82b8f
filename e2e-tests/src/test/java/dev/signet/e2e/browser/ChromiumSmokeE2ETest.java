package dev.signet.e2e.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.e2e.AmoClient;
import dev.signet.e2e.E2eStack;
import dev.signet.e2e.Xpis;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The browser harness against a page the product already serves: an upload's {@code validation_url}, opened in
 * headless Chromium as a developer opens it from the API's answer. On the shared default stack, so it is cheap.
 */
@Order(2)
class ChromiumSmokeE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GUID = "browser-smoke@signet.example";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void theValidationPageOfAnUploadShowsItsVerdictInChromium() throws Exception {
        try (Chromium browser = Chromium.start()) {
            AmoClient amo = new AmoClient(E2eStack.get());
            HttpResponse<String> put = amo.put(GUID, "1.0", Xpis.webExtension(GUID, "1.0"), Duration.ofSeconds(30));
            assertEquals(201, put.statusCode(), put.body());

            browser.open(awaitProcessed(amo).get("validation_url").asText());

            String text = browser.text();
            assertTrue(text.contains("Validation of " + GUID + " 1.0"), text);
            assertTrue(text.contains("Your add-on passed validation."), text);
            assertTrue(text.contains("0 errors"), text);
            Path shot = browser.screenshot("validation-page");
            try (InputStream in = Files.newInputStream(shot)) {
                assertArrayEquals(PNG_SIGNATURE, in.readNBytes(PNG_SIGNATURE.length), "a PNG: " + shot);
            }
        }
    }

    private static JsonNode awaitProcessed(AmoClient amo) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode status = JSON.readTree(amo.status(GUID, "1.0").body());
        while (!status.path("processed").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = JSON.readTree(amo.status(GUID, "1.0").body());
        }
        assertTrue(status.path("processed").asBoolean(), "not processed in time: " + status);
        return status;
    }
}
