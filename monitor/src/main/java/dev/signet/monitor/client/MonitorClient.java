package dev.signet.monitor.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.signet.hawk.HawkClient;
import dev.signet.hawk.HawkCredentials;
import dev.signet.model.signer.SignatureResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code GET <signer>/__monitor__} as Autograph's monitor calls it: Hawk with the payload hash of an empty body
 * under {@code Content-Type: application/json}; the answer is 201 with one signature response per line (a JSON
 * array is read too).
 */
public final class MonitorClient {

    static final String CONTENT_TYPE = "application/json";
    private static final long MAX_ANSWER_BYTES = 64L << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader READER = MAPPER.readerFor(SignatureResponse.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;
    private final URI monitorUri;
    private final HawkCredentials credentials;
    private final Duration timeout;

    public MonitorClient(HttpClient http, URI monitorUri, HawkCredentials credentials, Duration timeout) {
        this.http = http;
        this.monitorUri = monitorUri;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    public URI uri() {
        return monitorUri;
    }

    public List<SignatureResponse> fetch() throws CallException {
        String requestId = "monitor-" + HexFormat.of().formatHex(randomBytes());
        HttpRequest request = HttpRequest.newBuilder(monitorUri).timeout(timeout).GET()
                .header("Content-Type", CONTENT_TYPE)
                .header("Authorization", HawkClient.header(credentials, "GET", macUri(monitorUri), CONTENT_TYPE,
                        new byte[0]))
                .header("X-Request-Id", requestId)
                .build();
        int status;
        byte[] body;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            body = BoundedBody.read(response.body(), MAX_ANSWER_BYTES, "the answer");
        } catch (IOException e) {
            throw new CallException(monitorUri + ": " + Failures.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallException(monitorUri + ": interrupted");
        }
        if (status != 201 && status != 200) {
            throw new CallException(monitorUri + " answered HTTP " + status + ": " + errorText(body)
                    + " (X-Request-Id " + requestId + ")");
        }
        return parse(body);
    }

    static List<SignatureResponse> parse(byte[] body) throws CallException {
        List<SignatureResponse> out = new ArrayList<>();
        try (MappingIterator<SignatureResponse> values = READER.readValues(body)) {
            while (values.hasNextValue()) {
                SignatureResponse r = values.nextValue();
                if (r == null) {
                    throw new CallException("the answer has a null where a signature response belongs");
                }
                out.add(r);
            }
        } catch (JsonProcessingException e) {
            throw new CallException("the answer is not the monitor's JSON (one signature response per line): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CallException("reading the answer: " + Failures.describe(e));
        }
        if (out.isEmpty()) {
            throw new CallException("the answer lists no signer");
        }
        return out;
    }

    /**
     * The URI the MAC is computed for. The JDK sends no port in {@code Host} for a scheme's default port, and a
     * Hawk server that cannot see the scheme (Autograph, and our signer after it) then assumes 443.
     */
    static URI macUri(URI uri) {
        int port = uri.getPort();
        int schemeDefault = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        if (port != -1 && port != schemeDefault) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://" + uri.getHost() + ":443" + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** Our signer's {@code {"error": ...}}, else Autograph's plain-text first line; short and printable. */
    private static String errorText(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node != null && node.path("error").isTextual()) {
                text = node.get("error").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: Autograph's text/plain error
        }
        String line = text.lines().findFirst().orElse("(empty body)").replaceAll("\\p{Cntrl}", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
