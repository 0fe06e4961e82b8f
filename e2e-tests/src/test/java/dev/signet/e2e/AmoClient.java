package dev.signet.e2e;

import dev.signet.infra.stack.DevJwt;
import dev.signet.infra.stack.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * amo-api over HTTP as a CI client uses it: a fresh JWT per request, PUT of a multipart upload (from memory or
 * streamed from a file), the status GET and the signed file's download.
 */
public final class AmoClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LocalStack stack;

    public AmoClient(LocalStack stack) {
        this.stack = stack;
    }

    public HttpResponse<String> put(String guid, String version, byte[] xpi, Duration timeout)
            throws IOException, InterruptedException {
        return put(guid, version, BodyPublishers.ofByteArray(xpi), timeout);
    }

    /** As {@link #put(String, String, byte[], Duration)}, sending {@code X-Request-Id: requestId}. */
    public HttpResponse<String> put(String guid, String version, byte[] xpi, String requestId)
            throws IOException, InterruptedException {
        return put(guid, version, BodyPublishers.ofByteArray(xpi), Duration.ofSeconds(60), requestId);
    }

    /** The XPI is streamed from disk, never held in memory. */
    public HttpResponse<String> put(String guid, String version, Path xpi, Duration timeout)
            throws IOException, InterruptedException {
        return put(guid, version, BodyPublishers.ofFile(xpi), timeout);
    }

    private HttpResponse<String> put(String guid, String version, BodyPublisher file, Duration timeout)
            throws IOException, InterruptedException {
        return put(guid, version, file, timeout, null);
    }

    private HttpResponse<String> put(String guid, String version, BodyPublisher file, Duration timeout,
            String requestId) throws IOException, InterruptedException {
        String boundary = "signet-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"channel\"\r\n\r\nunlisted\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"addon.xpi\"\r\n"
                + "Content-Type: application/x-xpinstall\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        BodyPublisher body = BodyPublishers.concat(BodyPublishers.ofString(head, StandardCharsets.UTF_8), file,
                BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(versionUri(guid, version))
                .timeout(timeout)
                .header("Authorization", "JWT " + jwt())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(body);
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> status(String guid, String version) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(versionUri(guid, version)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "JWT " + jwt()).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Streams the signed file to {@code target}. */
    public HttpResponse<Path> download(String url, Path target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "JWT " + jwt()).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofFile(target));
    }

    private URI versionUri(String guid, String version) {
        return URI.create(stack.settings().amoUrl() + "/api/v4/addons/" + guid + "/versions/" + version + "/");
    }

    private String jwt() {
        return DevJwt.token(stack.credentials().amoApiKey(), stack.credentials().amoApiSecret());
    }
}
