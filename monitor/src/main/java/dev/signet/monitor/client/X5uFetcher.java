package dev.signet.monitor.client;

import dev.signet.monitor.chain.Certificates;
import dev.signet.monitor.verify.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** Fetches an {@code x5u} certificate chain (PEM, leaf first) over http or https. */
public final class X5uFetcher {

    private static final long MAX_CHAIN_BYTES = 1 << 20;

    private final HttpClient http;
    private final Duration timeout;

    public X5uFetcher(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    public List<X509Certificate> fetchChain(String x5u) throws VerificationException {
        URI uri;
        try {
            uri = URI.create(x5u);
        } catch (IllegalArgumentException e) {
            throw new VerificationException("x5u \"" + x5u + "\" is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new VerificationException("x5u \"" + x5u + "\" is not an http(s) URL");
        }
        byte[] body;
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new VerificationException("x5u " + x5u + ": HTTP " + response.statusCode());
            }
            body = BoundedBody.read(response.body(), MAX_CHAIN_BYTES, "the chain");
        } catch (IOException e) {
            throw new VerificationException("x5u " + x5u + ": cannot fetch it: " + Failures.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerificationException("x5u " + x5u + ": interrupted");
        }
        return Certificates.parse(body, "x5u " + x5u);
    }
}
