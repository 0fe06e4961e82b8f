package dev.signet.worker.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.hawk.HawkClient;
import dev.signet.hawk.HawkCredentials;
import dev.signet.model.requestid.RequestIds;
import dev.signet.model.signer.RawFileApi;
import dev.signet.requestid.RequestIdMdc;
import dev.signet.worker.client.XpiSignRequest.XpiSignOptions;
import dev.signet.worker.config.WorkerConfig;
import dev.signet.worker.storage.ScratchDir;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Talks to the signer (Autograph API) over HTTP, every request authenticated with Hawk. Created at startup so
 * a bad signer URL or missing credential stops the worker at once instead of failing the first job. Bodies go
 * through scratch files in both directions, so memory does not grow with the add-on's size.
 */
@Startup
@ApplicationScoped
public class SignerClient {

    static final String SIGN_FILE = "/sign/file";
    /** The signer keeps one signature per key and replays it for a repeat: one upload, one signature. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);
    private static final String UNAVAILABLE = "the signing service is unavailable";

    private final URI baseUri;
    private final HawkCredentials credentials;
    private final String keyid;
    private final String pkcs7Digest;
    private final List<String> coseAlgorithms;
    private final Duration timeout;
    private final boolean rawFiles;
    private final JsonFactory json;
    private final ScratchDir scratch;
    private final HttpClient http;

    public SignerClient(WorkerConfig config, ObjectMapper mapper, ScratchDir scratch) {
        WorkerConfig.Signer signer = config.signer();
        this.baseUri = baseUri(signer.url());
        this.credentials = HawkCredentials.of(signer.hawkId(), signer.hawkKey());
        this.keyid = signer.keyid().filter(k -> !k.isBlank()).orElse(null);
        this.pkcs7Digest = signer.pkcs7Digest().isBlank() ? null : signer.pkcs7Digest();
        this.coseAlgorithms = signer.coseAlgorithms().stream().filter(a -> !a.isBlank()).toList();
        this.timeout = signer.timeout();
        this.rawFiles = signer.rawFiles();
        this.json = mapper.getFactory();
        this.scratch = scratch;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Prepares the signing request for an XPI (option {@code id} = the add-on id, plus the configured PKCS#7
     * digest and COSE algorithms) once; every try of {@link #sign} then sends the same bytes. With
     * {@code worker.signer.raw-files} (the default) that is {@code /sign/file/raw} with {@code xpi} itself as the
     * body, which must then stay in place until the request is closed; otherwise Autograph's {@code /sign/file}.
     */
    public XpiSignRequest prepare(Path xpi, String addonGuid) throws IOException {
        if (Files.size(xpi) > Integer.MAX_VALUE) {
            throw new IOException("signer: " + xpi + " is too large to sign");
        }
        XpiSignOptions options = new XpiSignOptions(addonGuid, keyid, pkcs7Digest, coseAlgorithms);
        return rawFiles ? XpiSignRequest.raw(json, scratch, xpi, options)
                : XpiSignRequest.write(json, scratch, xpi, options);
    }

    /**
     * Sends a prepared request with {@code Idempotency-Key: idempotencyKey} and returns the signed XPI in a
     * scratch file the caller owns. A repeat of a key the signer has already answered gets the stored answer
     * back, so a job redelivered after a crash mid-signing does not produce a second signature.
     */
    public SignedXpi sign(XpiSignRequest request, String idempotencyKey) throws SignerException {
        URI uri = URI.create(baseUri + request.path());
        // The raw answer is the signed XPI itself; a JSON one (or any error) is read from the file afterwards.
        Path response = newScratchFile(request.raw() ? "signed-" : "sign-response-", request.raw() ? ".xpi" : ".json");
        boolean keep = false;
        try {
            HttpResponse<Path> answer = send(HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", request.contentType())
                    .header("Accept", request.raw() ? RawFileApi.CONTENT_TYPE : XpiSignRequest.CONTENT_TYPE)
                    .header(IDEMPOTENCY_KEY, idempotencyKey)
                    .header(RequestIds.HTTP_HEADER, RequestIdMdc.currentOrNew())
                    .header("Authorization", HawkClient.headerWithHash(credentials, "POST", uri,
                            request.payloadHash()))
                    .POST(bodyOf(request.body()))
                    .build(), response);
            int status = answer.statusCode();
            if (status != 200 && status != 201) {
                throw refusal(status, response);
            }
            boolean replayed = answer.headers().firstValue(REPLAYED).map("true"::equalsIgnoreCase).orElse(false);
            if (!request.raw()) {
                return readSigned(response, replayed);
            }
            SignedXpi signed = rawSigned(answer, response, replayed);
            keep = true;
            return signed;
        } finally {
            if (!keep) {
                scratch.delete(response);
            }
        }
    }

    private static SignedXpi rawSigned(HttpResponse<Path> answer, Path file, boolean replayed)
            throws SignerException {
        String ref = answer.headers().firstValue(RawFileApi.REF).orElse("");
        String signerId = answer.headers().firstValue(RawFileApi.SIGNER_ID).orElse("");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = 0;
        }
        if (size == 0) {
            throw new SignerException("signer: " + RawFileApi.PATH + ": empty answer",
                    "the signing service sent an answer that could not be read", false);
        }
        return new SignedXpi(file, size, signerId, ref, replayed);
    }

    /** A signed XPI as the signer returned it, in a scratch file; {@code replayed}: the signer's stored answer. */
    public record SignedXpi(Path file, long size, String signerId, String ref, boolean replayed) {
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

    private SignedXpi readSigned(Path response, boolean replayed) throws SignerException {
        Path signed = newScratchFile("signed-", ".xpi");
        try {
            XpiSignResponse.Item item = XpiSignResponse.read(json, response, signed);
            return new SignedXpi(signed, item.signedSize(), item.signerId(), item.ref(), replayed);
        } catch (IOException | RuntimeException e) {
            scratch.delete(signed);
            throw new SignerException("signer: " + SIGN_FILE + ": unreadable response: " + e.getMessage(),
                    "the signing service sent an answer that could not be read", false, e);
        }
    }

    /**
     * 409: the signer is still working on this key (an earlier try that timed out here, or another worker):
     * wait and ask again. 422: same key, different body — a bug on our side, never retried.
     */
    private SignerException refusal(int status, Path response) {
        String detail = "signer: " + SIGN_FILE + ": HTTP " + status + ": " + excerpt(response);
        if (status == 409) {
            return new SignerException(detail, "the signing service is still signing this upload", true);
        }
        if (status >= 500 || status == 429) {
            return new SignerException(detail, UNAVAILABLE, true);
        }
        return new SignerException(detail, "the signing service refused to sign this add-on (HTTP " + status + ")",
                false);
    }

    private HttpResponse<Path> send(HttpRequest request, Path response) throws SignerException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofFile(response));
        } catch (IOException e) {
            throw new SignerException("signer: " + SIGN_FILE + ": " + e, UNAVAILABLE, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignerException("signer: " + SIGN_FILE + ": interrupted", UNAVAILABLE, true, e);
        }
    }

    private static HttpRequest.BodyPublisher bodyOf(Path body) throws SignerException {
        try {
            return HttpRequest.BodyPublishers.ofFile(body);
        } catch (IOException e) {
            throw new SignerException("signer: " + SIGN_FILE + ": request body " + body + ": " + e,
                    "the signing request could not be prepared", false, e);
        }
    }

    private Path newScratchFile(String prefix, String suffix) throws SignerException {
        try {
            return scratch.newFile(prefix, suffix);
        } catch (IOException e) {
            throw new SignerException("signer: scratch file in " + scratch.root() + ": " + e,
                    "the signing request could not be prepared", true, e);
        }
    }

    private static String excerpt(Path body) {
        byte[] head = new byte[300];
        int n;
        try (InputStream in = Files.newInputStream(body)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return "(no body: " + e.getMessage() + ")";
        }
        String text = new String(head, 0, n, StandardCharsets.UTF_8).strip();
        return n == head.length ? text + "..." : text;
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
