package dev.signet.worker.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.hawk.HawkClient;
import dev.signet.hawk.HawkCredentials;
import dev.signet.model.signer.SignatureRequest;
import dev.signet.model.signer.SignatureResponse;
import dev.signet.worker.config.WorkerConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Talks to the signer (Autograph API) over HTTP, every request authenticated with Hawk. Created at startup so
 * a bad signer URL or missing credential stops the worker at once instead of failing the first job.
 */
@Startup
@ApplicationScoped
public class SignerClient {

    private static final String JSON = "application/json";
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);
    private static final TypeReference<List<SignatureResponse>> RESPONSES = new TypeReference<>() {
    };

    private final URI baseUri;
    private final HawkCredentials credentials;
    private final String keyid;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public SignerClient(WorkerConfig config, ObjectMapper mapper) {
        WorkerConfig.Signer signer = config.signer();
        this.baseUri = baseUri(signer.url());
        this.credentials = HawkCredentials.of(signer.hawkId(), signer.hawkKey());
        this.keyid = signer.keyid().filter(k -> !k.isBlank()).orElse(null);
        this.timeout = signer.timeout();
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Signs an XPI with the signer's XPI signer ({@code /sign/file}, option {@code id} = the add-on id) and
     * returns the signed file.
     */
    public SignedXpi signXpi(byte[] file, String addonGuid) throws SignerException {
        SignatureRequest item = new SignatureRequest(file, keyid,
                Map.of("id", addonGuid), null);
        List<SignatureResponse> responses = post("/sign/file", List.of(item));
        if (responses.size() != 1 || responses.get(0).signedFile() == null || responses.get(0).signedFile().length == 0) {
            throw new SignerException("signer: /sign/file: expected 1 signed file, got " + responses.size()
                    + " response(s)", false);
        }
        SignatureResponse response = responses.get(0);
        return new SignedXpi(response.signedFile(), response.signerId(), response.ref());
    }

    /** A signed XPI as the signer returned it. */
    public record SignedXpi(byte[] content, String signerId, String ref) {
    }

    /** True when the signer's {@code GET /__lbheartbeat__} answers 200. */
    public boolean heartbeat() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + "/__lbheartbeat__"))
                .timeout(HEARTBEAT_TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    private List<SignatureResponse> post(String path, Object payload) throws SignerException {
        URI uri = URI.create(baseUri + path);
        byte[] body = toJson(path, payload);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", JSON)
                .header("Accept", JSON)
                .header("Authorization", HawkClient.header(credentials, "POST", uri, JSON, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response = send(path, request);
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            return parse(path, response.body());
        }
        String detail = "signer: " + path + ": HTTP " + status + ": " + excerpt(response.body());
        throw new SignerException(detail, status >= 500 || status == 429);
    }

    private HttpResponse<byte[]> send(String path, HttpRequest request) throws SignerException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SignerException("signer: " + path + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignerException("signer: " + path + ": interrupted", true, e);
        }
    }

    private byte[] toJson(String path, Object payload) throws SignerException {
        try {
            return mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new SignerException("signer: " + path + ": cannot encode request: " + e.getOriginalMessage(), false,
                    e);
        }
    }

    private List<SignatureResponse> parse(String path, byte[] body) throws SignerException {
        try {
            return mapper.readValue(body, RESPONSES);
        } catch (IOException e) {
            throw new SignerException("signer: " + path + ": unreadable response: " + e.getMessage(), false, e);
        }
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /**
     * The Hawk MAC covers the port; for a plain-http URL without one, Java sends a Host header without a port,
     * which a signer reads as 443 — so such a URL could never authenticate. Refuse it at startup.
     */
    static URI baseUri(String url) {
        URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("worker.signer.url: not an http(s) URL with a host: " + url);
        }
        if (scheme.equals("http") && uri.getPort() == -1) {
            throw new IllegalArgumentException("worker.signer.url: give the port explicitly (Hawk signs it): " + url);
        }
        return uri;
    }
}
