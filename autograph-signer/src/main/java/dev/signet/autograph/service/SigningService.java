package dev.signet.autograph.service;

import dev.signet.autograph.auth.Authorizations;
import dev.signet.autograph.rest.ApiException;
import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.HashSigner;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerException;
import dev.signet.model.signer.SignatureRequest;
import dev.signet.model.signer.SignatureResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Signs a batch of requests for an authenticated caller, all or nothing, answers in request order. Every item
 * is validated and authorized before anything is signed.
 */
@ApplicationScoped
public class SigningService {

    private static final Logger AUDIT = Logger.getLogger("dev.signet.autograph.audit");

    private final Authorizations authorizations;

    public SigningService(Authorizations authorizations) {
        this.authorizations = authorizations;
    }

    private record Item(Signer signer, byte[] input, Map<String, Object> options, boolean usedDefault) {
    }

    /**
     * @param requestHost the request's {@code Host} header, used to make locally served {@code x5u} chain URLs
     *                    absolute as Autograph does ({@code http://<Host>/x5u/<signer>/<file>})
     */
    public List<SignatureResponse> sign(String callerId, SignatureRequestKind kind, List<SignatureRequest> requests,
            String requestHost) throws SignerException {
        if (requests == null || requests.isEmpty()) {
            throw ApiException.badRequest("empty or invalid request request body");
        }
        List<Item> items = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            items.add(prepare(callerId, kind, i, requests.get(i)));
        }
        List<SignatureResponse> responses = new ArrayList<>(items.size());
        for (Item item : items) {
            long start = System.nanoTime();
            SignatureResponse response = signOne(kind, item, requestHost);
            responses.add(response);
            if (AUDIT.isInfoEnabled()) {
                AUDIT.infof("signed ref=%s user_id=%s signer_id=%s used_default_signer=%s input_hash=%s t=%dus",
                        response.ref(), callerId, item.signer().id(), item.usedDefault(), inputHash(kind, item.input()),
                        (System.nanoTime() - start) / 1000);
            }
        }
        return responses;
    }

    private Item prepare(String callerId, SignatureRequestKind kind, int index, SignatureRequest request) {
        if (request == null) {
            throw ApiException.badRequest("signature request " + index + " is null");
        }
        if (request.input() == null || request.input().isEmpty()) {
            throw ApiException.badRequest("missing input in signature request " + index);
        }
        byte[] input;
        try {
            input = Base64.getDecoder().decode(request.input());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("signature request " + index + ": invalid base64 input: " + e.getMessage());
        }
        Signer signer = authorizations.signerFor(callerId, request.keyid());
        boolean capable = switch (kind) {
            case DATA -> signer instanceof DataSigner;
            case HASH -> signer instanceof HashSigner;
            case FILE -> signer instanceof FileSigner;
        };
        if (!capable) {
            throw ApiException.badRequest("requested signer \"" + signer.id() + "\" does not implement "
                    + kind.capability());
        }
        Map<String, Object> options = request.options() == null ? Map.of() : request.options();
        return new Item(signer, input, options, request.keyid() == null || request.keyid().isEmpty());
    }

    private static SignatureResponse signOne(SignatureRequestKind kind, Item item, String requestHost)
            throws SignerException {
        Signer s = item.signer();
        String signature = null;
        String signedFile = null;
        switch (kind) {
            case DATA -> signature = ((DataSigner) s).signData(item.input(), item.options());
            case HASH -> signature = ((HashSigner) s).signHash(item.input(), item.options());
            case FILE -> signedFile = Base64.getEncoder().encodeToString(
                    ((FileSigner) s).signFile(item.input(), item.options()));
        }
        return new SignatureResponse(newRef(), s.type(), s.mode(), s.id(), s.publicKey(), signature, signedFile, null,
                x5u(s, requestHost), s.signerOpts());
    }

    /** A locally served chain ({@code /x5u/...}) becomes {@code http://<Host>/x5u/...}, as Autograph rewrites it. */
    public static String x5u(Signer s, String requestHost) {
        String x5u = s.x5u();
        if (x5u != null && x5u.startsWith("/x5u/") && requestHost != null && !requestHost.isEmpty()) {
            return "http://" + requestHost + x5u;
        }
        return x5u;
    }

    /** Autograph's ref: two random 64-bit values in base36. Not a secret, only a correlation id. */
    public static String newRef() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toUnsignedString(r.nextLong(), 36) + Long.toUnsignedString(r.nextLong(), 36);
    }

    private static String inputHash(SignatureRequestKind kind, byte[] input) {
        if (kind == SignatureRequestKind.HASH) {
            return HexFormat.of().formatHex(input);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
