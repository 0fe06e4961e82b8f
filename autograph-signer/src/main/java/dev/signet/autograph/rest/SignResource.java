package dev.signet.autograph.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.signet.autograph.body.RequestBody;
import dev.signet.autograph.body.TempFiles;
import dev.signet.autograph.idempotency.IdempotencyKey;
import dev.signet.autograph.idempotency.IdempotencyStore;
import dev.signet.autograph.service.FileInput;
import dev.signet.autograph.service.SignatureRequestKind;
import dev.signet.autograph.service.SignedFile;
import dev.signet.autograph.service.SigningService;
import dev.signet.autograph.signer.SignerException;
import dev.signet.model.signer.RawFileApi;
import dev.signet.model.signer.SignatureRequest;
import dev.signet.model.signer.SignatureResponse;
import dev.signet.requestid.RequestIdMdc;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code POST /sign/data|hash|file|files}, and Signet's {@code /sign/file/raw} ({@link RawFileApi}). Each request
 * first passes {@link SignRequestIntake} (Hawk header before a byte of the body is read, content type, declared
 * size, then the body within limits and its payload hash); then it is parsed and signed. Answers 201 with a JSON
 * array in request order (the raw form: the signed file itself). A
 * {@code /sign/file} body too large for memory is parsed and signed through temp files and streamed back.
 * With an {@code Idempotency-Key} the response is stored before it is sent and replayed for a retry.
 */
@Path("/sign")
public class SignResource {

    private static final Logger AUDIT = Logger.getLogger("dev.signet.autograph.audit");
    private static final TypeReference<List<SignatureRequest>> REQUESTS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> OPTIONS = new TypeReference<>() { };

    private final SignRequestIntake intake;
    private final SigningService signing;
    private final ObjectMapper mapper;
    private final ObjectMapper requestMapper;
    private final TempFiles tempFiles;
    private final IdempotencyStore idempotency;

    SignResource(SignRequestIntake intake, SigningService signing, ObjectMapper mapper, TempFiles tempFiles,
            IdempotencyStore idempotency) {
        this.intake = intake;
        this.signing = signing;
        this.mapper = mapper;
        this.requestMapper = requestMapper(mapper);
        this.tempFiles = tempFiles;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/data")
    public Response data(@Context HttpServerRequest request, InputStream body) throws SignerException {
        return sign(SignatureRequestKind.DATA, request, body);
    }

    @POST
    @Path("/hash")
    public Response hash(@Context HttpServerRequest request, InputStream body) throws SignerException {
        return sign(SignatureRequestKind.HASH, request, body);
    }

    @POST
    @Path("/file")
    public Response file(@Context HttpServerRequest request, InputStream body) throws SignerException {
        return sign(SignatureRequestKind.FILE, request, body);
    }

    @POST
    @Path("/files")
    public Response files(@Context HttpServerRequest request, InputStream body) throws SignerException {
        return sign(SignatureRequestKind.FILES, request, body);
    }

    @POST
    @Path("/file/raw")
    public Response rawFile(@Context HttpServerRequest request, InputStream in) throws SignerException {
        SignRequestIntake.Accepted accepted = intake.accept(request, in, RawFileApi.CONTENT_TYPE);
        try (RequestBody body = accepted.body()) {
            String caller = accepted.caller();
            String keyid = request.getParam(RawFileApi.KEYID_PARAM);
            Map<String, Object> options = rawOptions(request.getParam(RawFileApi.OPTIONS_PARAM));
            if (accepted.idempotencyKey() == null) {
                SignedFile signed = signRaw(caller, body, keyid, options, request.host());
                released(caller, signed.envelope().ref(), null);
                return RawSignedFile.send(signed);
            }
            // The query is part of the request: the same file with other options is another request.
            String fingerprint = sha256Hex("raw\n" + request.uri() + "\n" + body.sha256Hex());
            try (IdempotencyStore.Entry entry = idempotency.begin(caller, accepted.idempotencyKey(), fingerprint)) {
                if (entry.stored() == null) {
                    String ref;
                    try (SignedFile signed = signRaw(caller, body, keyid, options, request.host())) {
                        ref = signed.envelope().ref();
                        entry.commit(ref, out -> RawSignedFile.store(mapper, signed, out));
                    }
                    released(caller, ref, entry);
                    return RawSignedFile.replay(mapper, entry.stored(), false);
                }
                if (entry.unreleasedRefs() != null) {
                    released(caller, entry.unreleasedRefs(), entry);
                }
                AUDIT.info("replayed user_id=" + caller + " request_id=" + RequestIdMdc.currentForLog()
                        + " idempotency_scope=" + entry.scopeId()
                        + " request_hash=" + fingerprint + " (stored response, no new signature)");
                return RawSignedFile.replay(mapper, entry.stored(), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SignedFile signRaw(String caller, RequestBody body, String keyid, Map<String, Object> options,
            String host) throws SignerException, IOException {
        java.nio.file.Path file = body.file();
        if (body.inMemory()) {
            file = tempFiles.newFile("input-");
            Files.write(file, body.bytes());
        }
        try (FileInput input = new FileInput(file, body.size(), body.sha256Hex(), keyid, options)) {
            return signing.signFiles(caller, List.of(input), host, tempFiles).get(0);
        }
    }

    private Map<String, Object> rawOptions(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return requestMapper.readValue(json, OPTIONS);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("options: must be a JSON object: " + JsonMessages.plain(e));
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response sign(SignatureRequestKind kind, HttpServerRequest request, InputStream in)
            throws SignerException {
        SignRequestIntake.Accepted accepted = intake.accept(request, in, MediaType.APPLICATION_JSON);
        RequestBody body = accepted.body();
        String key = accepted.idempotencyKey();
        try (body) {
            String caller = accepted.caller();
            // host(): the Host header, or :authority over HTTP/2, which has no Host header.
            String host = request.host();
            if (key == null) {
                return respond(kind, caller, body, host);
            }
            try (IdempotencyStore.Entry entry = idempotency.begin(caller, key, body.sha256Hex())) {
                if (entry.stored() == null) {
                    String refs = store(entry, kind, caller, body, host);
                    released(caller, refs, entry);
                    return stored(entry, false);
                }
                if (entry.unreleasedRefs() != null) {
                    released(caller, entry.unreleasedRefs(), entry);
                }
                AUDIT.info("replayed user_id=" + caller + " request_id=" + RequestIdMdc.currentForLog()
                        + " idempotency_scope=" + entry.scopeId()
                        + " request_hash=" + body.sha256Hex() + " (stored response, no new signature)");
                return stored(entry, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The audit line of signatures that leave the signer. A "signed" line is written for every signature the key
     * makes; with an Idempotency-Key one can be made and never leave (the process died before its response was
     * stored) and the retry signs again, so an auditor counts "released" lines, one per delivered signature.
     */
    private static void released(String caller, String refs, IdempotencyStore.Entry entry) throws IOException {
        AUDIT.info("released refs=" + refs + " user_id=" + caller + " request_id=" + RequestIdMdc.currentForLog()
                + (entry == null ? "" : " idempotency_scope=" + entry.scopeId()));
        if (entry != null) {
            entry.markReleased();
        }
    }

    private static String refs(List<SignatureResponse> responses) {
        return String.join(",", responses.stream().map(SignatureResponse::ref).toList());
    }

    private Response respond(SignatureRequestKind kind, String caller, RequestBody body, String host)
            throws SignerException, IOException {
        if (streams(kind, body)) {
            List<SignedFile> signed = signLarge(caller, body, host);
            released(caller, refs(signed.stream().map(SignedFile::envelope).toList()), null);
            StreamingOutput out = target -> {
                try {
                    new SignedFileWriter(mapper).write(signed, target);
                } finally {
                    signed.forEach(SignedFile::close);
                }
            };
            return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(out).build();
        }
        List<SignatureResponse> responses = signing.sign(caller, kind, parse(body), host);
        released(caller, refs(responses), null);
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(responses).build();
    }

    /** Signs and stores the response; returns the refs of its signatures. */
    private String store(IdempotencyStore.Entry entry, SignatureRequestKind kind, String caller, RequestBody body,
            String host) throws SignerException, IOException {
        if (streams(kind, body)) {
            List<SignedFile> signed = signLarge(caller, body, host);
            try {
                String refs = refs(signed.stream().map(SignedFile::envelope).toList());
                entry.commit(refs, out -> new SignedFileWriter(mapper).write(signed, out));
                return refs;
            } finally {
                signed.forEach(SignedFile::close);
            }
        }
        List<SignatureResponse> responses = signing.sign(caller, kind, parse(body), host);
        byte[] json = mapper.writeValueAsBytes(responses);
        String refs = refs(responses);
        entry.commit(refs, out -> out.write(json));
        return refs;
    }

    // Opened before the entry is released, so a cleanup running meanwhile cannot take the file away.
    private static Response stored(IdempotencyStore.Entry entry, boolean replayed) throws IOException {
        InputStream in = Files.newInputStream(entry.stored());
        StreamingOutput out = target -> {
            try (in) {
                in.transferTo(target);
            }
        };
        Response.ResponseBuilder r = Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(out);
        if (replayed) {
            r.header(IdempotencyKey.REPLAYED_HEADER, "true");
        }
        return r.build();
    }

    private static boolean streams(SignatureRequestKind kind, RequestBody body) {
        return kind == SignatureRequestKind.FILE && !body.inMemory();
    }

    private List<SignedFile> signLarge(String caller, RequestBody body, String host)
            throws SignerException, IOException {
        List<FileInput> inputs = new FileRequestReader(requestMapper, tempFiles).read(body.file());
        try {
            return signing.signFiles(caller, inputs, host, tempFiles);
        } finally {
            inputs.forEach(FileInput::close);
        }
    }

    /**
     * Request field names match case-insensitively, as Go's decoder matches them to Autograph's struct fields:
     * its client sends {@code "Options"} (the Go field has no JSON tag). Only for requests, so nothing else
     * read by the global mapper becomes lenient. {@link FileRequestReader} matches the same way.
     */
    private static ObjectMapper requestMapper(ObjectMapper mapper) {
        ObjectMapper copy = mapper.copy();
        copy.setConfig(copy.getDeserializationConfig().with(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES));
        return copy;
    }

    private List<SignatureRequest> parse(RequestBody body) {
        try {
            return body.inMemory() ? requestMapper.readValue(body.bytes(), REQUESTS)
                    : requestMapper.readValue(body.file().toFile(), REQUESTS);
        } catch (InvalidFormatException e) {
            if (e.getTargetType() == byte[].class) {
                throw ApiException.badRequest(JsonMessages.where(e) + ": invalid base64 input: "
                        + e.getOriginalMessage());
            }
            throw ApiException.badRequest("failed to parse request body: " + JsonMessages.plain(e));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("failed to parse request body: " + JsonMessages.plain(e));
        } catch (IOException e) {
            throw ApiException.badRequest("failed to parse request body");
        }
    }
}
