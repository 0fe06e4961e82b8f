package dev.signet.autograph.rest;

import dev.signet.autograph.auth.hawk.HawkAuthenticator;
import dev.signet.autograph.body.BodyReader;
import dev.signet.autograph.body.RequestBody;
import dev.signet.autograph.http.Connections;
import dev.signet.autograph.idempotency.IdempotencyKey;
import dev.signet.hawk.HawkCrypto;
import dev.signet.hawk.VerifiedHeader;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;

/**
 * What every {@code /sign/*} request passes before its body is parsed, in this order: the Hawk header (MAC, id,
 * timestamp, nonce) before a byte of the body is read, the content type, the Idempotency-Key, the declared size;
 * then the body is read within limits while its payload hash is computed, and the hash is checked. A request
 * refused before its body was read to the end closes its connection after the answer.
 */
@ApplicationScoped
class SignRequestIntake {

    /** A request whose caller is authenticated and whose body is read; closing the body frees it. */
    record Accepted(String caller, String idempotencyKey, RequestBody body) {
    }

    private final BodyReader bodyReader;
    private final HawkAuthenticator hawk;
    private final CurrentVertxRequest current;

    SignRequestIntake(BodyReader bodyReader, HawkAuthenticator hawk, CurrentVertxRequest current) {
        this.bodyReader = bodyReader;
        this.hawk = hawk;
        this.current = current;
    }

    /** @param mediaType the one content type accepted (parameters such as charset are ignored) */
    Accepted accept(HttpServerRequest request, InputStream in, String mediaType) {
        VerifiedHeader header;
        String key;
        RequestBody body;
        try {
            header = hawk.verifyHeader(request);
            // Autograph refuses "application/json; charset=utf-8"; clients should not have to care.
            if (!mediaType.equals(HawkCrypto.mediaType(request.getHeader("Content-Type")))) {
                throw ApiException.badRequest("invalid content type, expected " + mediaType);
            }
            key = IdempotencyKey.parse(request.getHeader(IdempotencyKey.HEADER));
            long declared = bodyReader.checkDeclaredLength(request);
            body = bodyReader.read(declared, request.getHeader("Content-Type"), in);
        } catch (RuntimeException e) {
            Connections.closeAfterResponse(current.getCurrent());
            throw e;
        }
        try {
            return new Accepted(hawk.complete(header, body.payloadHash()), key, body);
        } catch (RuntimeException e) {
            body.close();
            throw e;
        }
    }
}
