package dev.signet.autograph.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.autograph.auth.hawk.HawkAuthenticator;
import dev.signet.autograph.service.SignatureRequestKind;
import dev.signet.autograph.service.SigningService;
import dev.signet.autograph.signer.SignerException;
import dev.signet.hawk.HawkCrypto;
import dev.signet.model.signer.SignatureRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code POST /sign/data|hash|file|files}: read the body (size-limited), Hawk with payload hash, content type, parse,
 * then sign. Answers 201 with a JSON array in request order.
 */
@Path("/sign")
public class SignResource {

    private static final TypeReference<List<SignatureRequest>> REQUESTS = new TypeReference<>() { };

    private final BodyReader bodyReader;
    private final HawkAuthenticator hawk;
    private final SigningService signing;
    private final ObjectMapper mapper;

    public SignResource(BodyReader bodyReader, HawkAuthenticator hawk, SigningService signing, ObjectMapper mapper) {
        this.bodyReader = bodyReader;
        this.hawk = hawk;
        this.signing = signing;
        this.mapper = mapper;
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

    private Response sign(SignatureRequestKind kind, HttpServerRequest request, InputStream body)
            throws SignerException {
        byte[] bytes = bodyReader.read(request, body);
        String caller = hawk.authenticate(request, bytes);
        // Autograph refuses "application/json; charset=utf-8"; clients should not have to care.
        if (!MediaType.APPLICATION_JSON.equals(HawkCrypto.mediaType(request.getHeader("Content-Type")))) {
            throw ApiException.badRequest("invalid content type, expected application/json");
        }
        List<SignatureRequest> requests = parse(bytes);
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(signing.sign(caller, kind, requests, request.getHeader("Host"))).build();
    }

    /** Names the request and field whose base64 Jackson could not decode, as Autograph's message does. */
    private static String invalidBase64(InvalidFormatException e) {
        StringBuilder where = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getIndex() >= 0 && where.isEmpty()) {
                where.append("signature request ").append(ref.getIndex());
            } else if (ref.getFieldName() != null) {
                where.append(where.isEmpty() ? "" : ": ").append(ref.getFieldName());
            }
        }
        return where + ": invalid base64 input: " + e.getOriginalMessage();
    }

    private List<SignatureRequest> parse(byte[] bytes) {
        try {
            return mapper.readValue(bytes, REQUESTS);
        } catch (InvalidFormatException e) {
            if (e.getTargetType() == byte[].class) {
                throw ApiException.badRequest(invalidBase64(e));
            }
            throw ApiException.badRequest("failed to parse request body: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("failed to parse request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("failed to parse request body");
        }
    }
}
