package dev.signet.autograph.signer.xpi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.autograph.signer.SignerException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recommendation file of {@code add-on-with-recommendation} signers, Autograph's schema 1:
 * {@code {"addon_id":..,"states":[..],"validity":{"not_after":..,"not_before":..},"schema_version":1}} with RFC 3339
 * UTC times to the second; not_before = now + relative_start, not_after = not_before + duration.
 */
record Recommendation(String path, Set<String> allowedStates, Duration relativeStart, Duration duration) {

    static final String DEFAULT_PATH = "mozilla-recommendation.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] file(String addonId, List<String> states, Instant now) throws SignerException {
        if (states.isEmpty()) {
            throw SignerException.badInput("xpi: recommendation: options.recommendations must list at least one "
                    + "state (allowed: " + allowedStates + ")");
        }
        for (String s : states) {
            if (!allowedStates.contains(s)) {
                throw SignerException.badInput("xpi: recommendation: state \"" + s + "\" is not allowed (allowed: "
                        + allowedStates + ")");
            }
        }
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).plus(relativeStart);
        Instant notAfter = notBefore.plus(duration);
        Map<String, Object> validity = new LinkedHashMap<>();
        validity.put("not_after", notAfter.toString());
        validity.put("not_before", notBefore.toString());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("addon_id", addonId);
        doc.put("states", states);
        doc.put("validity", validity);
        doc.put("schema_version", 1);
        try {
            return JSON.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw SignerException.failure("xpi: recommendation: " + e.getMessage(), e);
        }
    }
}
