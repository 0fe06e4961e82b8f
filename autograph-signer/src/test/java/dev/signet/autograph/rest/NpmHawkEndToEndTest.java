package dev.signet.autograph.rest;

import static dev.signet.autograph.TestKeys.ALICE;
import static dev.signet.autograph.TestKeys.MONITOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.autograph.SignerTestResource;
import dev.signet.hawk.HawkCredentials;
import dev.signet.model.signer.SignatureResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end against the running signer on its real HTTP port: node sends the requests, with Authorization headers
 * built by the npm {@code hawk} reference client. Valid requests are accepted; a tampered payload, a replayed nonce
 * and a stale timestamp are refused with 401 and a JSON error, and the stale answer's server time passes npm
 * hawk's own {@code tsm} check and lets the client resync.
 */
@QuarkusTest
@WithTestResource(SignerTestResource.class)
class NpmHawkEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INPUT = Base64.getEncoder().encodeToString(
            "a remote settings collection, 1 KB or so".getBytes(StandardCharsets.UTF_8));
    static final String BODY = "[{\"input\":\"" + INPUT + "\"}]";

    @Test
    void npmHawkClientAgainstTheRunningSigner() throws Exception {
        Path script = NpmHawk.install("hawk-e2e.js");
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(c("data", ALICE, "POST", "/sign/data", "application/json", BODY));
        cases.add(c("data-charset", ALICE, "POST", "/sign/data", "application/json; charset=utf-8", BODY));
        cases.add(c("data-query", ALICE, "POST", "/sign/data?x=1&y=%20z", "application/json", BODY));
        cases.add(c("monitor", MONITOR, "GET", "/__monitor__", "application/json", ""));
        cases.add(c("keyids", ALICE, "GET", "/auths/alice/keyids", "", ""));
        Map<String, Object> tampered = c("tampered", ALICE, "POST", "/sign/data", "application/json", BODY);
        tampered.put("sendBody", BODY.replace(INPUT, Base64.getEncoder().encodeToString(
                "another collection, not the one signed".getBytes(StandardCharsets.UTF_8))));
        cases.add(tampered);
        Map<String, Object> replay = c("replay", ALICE, "POST", "/sign/data", "application/json", BODY);
        replay.put("replay", true);
        cases.add(replay);
        Map<String, Object> stale = c("stale", ALICE, "POST", "/sign/data", "application/json", BODY);
        stale.put("offsetMsec", -3_600_000);
        stale.put("resync", true);
        cases.add(stale);
        Map<String, Object> wrongKey = c("wrong-key", HawkCredentials.of("alice", "not alice's key"), "POST",
                "/sign/data", "application/json", BODY);
        cases.add(wrongKey);
        cases.add(c("unknown-id", HawkCredentials.of("mallory", "whatever key"), "POST", "/sign/data",
                "application/json", BODY));

        Path file = Files.createTempFile("hawk-e2e", ".json");
        JSON.writeValue(file.toFile(), cases);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String line : NpmHawk.node(script, "http://localhost:" + RestAssured.port, file.toString())) {
            JsonNode n = JSON.readTree(line);
            out.put(n.get("name").asText(), n);
        }

        for (String ok : List.of("data", "data-charset", "data-query", "replay#first", "stale#resynced")) {
            JsonNode r = out.get(ok);
            assertEquals(201, r.get("status").asInt(), ok + ": " + r);
            SignatureResponse[] signed = JSON.readValue(r.get("body").asText(), SignatureResponse[].class);
            SignResourceTest.assertContentSignature(signed[0], Base64.getDecoder().decode(INPUT), "SHA384withECDSA");
        }
        assertEquals(201, out.get("monitor").get("status").asInt(), out.get("monitor").toString());
        assertTrue(out.get("monitor").get("body").asText().contains("\"signer_id\":\"" + SignerTestResource.P384 + "\""));
        assertEquals(200, out.get("keyids").get("status").asInt(), out.get("keyids").toString());

        assertRefused(out.get("tampered"), "payload validation failed");
        assertRefused(out.get("replay"), "replayed");
        assertRefused(out.get("wrong-key"), "invalid MAC");
        assertRefused(out.get("unknown-id"), "unknown id");
        JsonNode staleAnswer = out.get("stale");
        assertRefused(staleAnswer, "timestamp skew");
        assertNotNull(staleAnswer.get("wwwAuthenticate").textValue(), staleAnswer.toString());
        assertTrue(staleAnswer.get("wwwAuthenticate").asText().contains("error=\"Stale timestamp\""));
        assertEquals(true, staleAnswer.get("tsmValid").asBoolean(), "npm hawk accepts the server time: " + staleAnswer);
    }

    private static void assertRefused(JsonNode r, String message) throws Exception {
        assertEquals(401, r.get("status").asInt(), r.toString());
        assertTrue(r.get("contentType").asText().startsWith("application/json"), r.toString());
        JsonNode error = JSON.readTree(r.get("body").asText());
        assertTrue(error.get("error").asText().contains(message), r.toString());
        assertNotNull(error.get("request_id"), r.toString());
    }

    private static Map<String, Object> c(String name, HawkCredentials creds, String method, String path,
            String contentType, String body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("method", method);
        m.put("path", path);
        m.put("id", creds.id());
        m.put("key", new String(creds.key(), StandardCharsets.UTF_8));
        m.put("contentType", contentType);
        m.put("body", body);
        return m;
    }
}
