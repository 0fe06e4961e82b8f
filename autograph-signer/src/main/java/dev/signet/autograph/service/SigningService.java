package dev.signet.autograph.service;

import dev.signet.autograph.auth.Authorizations;
import dev.signet.autograph.metrics.SigningMetrics;
import dev.signet.autograph.rest.ApiException;
import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.FileNames;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.HashSigner;
import dev.signet.autograph.signer.MultipleFileSigner;
import dev.signet.autograph.signer.NamedFile;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerException;
import dev.signet.model.signer.SignatureRequest;
import dev.signet.model.signer.SignatureResponse;
import dev.signet.autograph.body.TempFiles;
import dev.signet.requestid.RequestIdMdc;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final SigningMetrics metrics;

    public SigningService(Authorizations authorizations, SigningMetrics metrics) {
        this.authorizations = authorizations;
        this.metrics = metrics;
    }

    private record Item(Signer signer, byte[] input, List<NamedFile> files, Map<String, Object> options,
            boolean usedDefault) {
    }

    /**
     * @param requestHost the request's {@code Host} header, used to make locally served {@code x5u} chain URLs
     *                    absolute as Autograph does ({@code http://<Host>/x5u/<signer>/<file>})
     */
    public List<SignatureResponse> sign(String callerId, SignatureRequestKind kind, List<SignatureRequest> requests,
            String requestHost) throws SignerException {
        Signer current = null;
        try {
            List<Item> items = prepareAll(callerId, kind, requests);
            List<SignatureResponse> responses = new ArrayList<>(items.size());
            for (Item item : items) {
                current = item.signer();
                long start = System.nanoTime();
                SignatureResponse response = signOne(kind, item, requestHost);
                long nanos = System.nanoTime() - start;
                metrics.signed(current, kind, nanos);
                responses.add(response);
                if (AUDIT.isInfoEnabled()) {
                    // Concatenation, not infof: java.util.Formatter showed up in the request profile.
                    AUDIT.info("signed ref=" + response.ref() + " user_id=" + callerId + " request_id="
                            + RequestIdMdc.currentForLog() + " signer_id="
                            + current.id() + " used_default_signer=" + item.usedDefault() + " input_hash="
                            + inputHash(kind, item) + " t=" + nanos / 1000 + "us");
                }
            }
            return responses;
        } catch (SignerException | RuntimeException e) {
            metrics.failed(current, kind, e);
            throw e;
        }
    }

    private List<Item> prepareAll(String callerId, SignatureRequestKind kind, List<SignatureRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw ApiException.badRequest("empty or invalid request request body");
        }
        List<Item> items = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            items.add(prepare(callerId, kind, i, requests.get(i)));
        }
        return items;
    }

    private Item prepare(String callerId, SignatureRequestKind kind, int index, SignatureRequest request) {
        if (request == null) {
            throw ApiException.badRequest("signature request " + index + " is null");
        }
        byte[] input = null;
        List<NamedFile> files = null;
        if (kind == SignatureRequestKind.FILES) {
            files = files(index, request);
        } else {
            if (request.input() == null || request.input().length == 0) {
                throw ApiException.badRequest("missing input in signature request " + index);
            }
            input = request.input();
        }
        Signer signer = capableSigner(callerId, kind, request.keyid());
        Map<String, Object> options = request.options() == null ? Map.of() : request.options();
        return new Item(signer, input, files, options, request.keyid() == null || request.keyid().isEmpty());
    }

    private Signer capableSigner(String callerId, SignatureRequestKind kind, String keyid) {
        Signer signer = authorizations.signerFor(callerId, keyid);
        if (!kind.supportedBy(signer)) {
            throw ApiException.badRequest("requested signer \"" + signer.id() + "\" does not implement "
                    + kind.capability());
        }
        return signer;
    }

    /**
     * {@code /sign/file} for inputs too large for memory: each decoded input file is signed into a new temp file.
     * Same rules and audit lines as {@link #sign}; on failure the outputs made so far are deleted.
     */
    public List<SignedFile> signFiles(String callerId, List<FileInput> inputs, String requestHost,
            TempFiles tempFiles) throws SignerException {
        List<FileSigner> signers;
        try {
            signers = fileSigners(callerId, inputs);
        } catch (RuntimeException e) {
            metrics.failed(null, SignatureRequestKind.FILE, e);
            throw e;
        }
        List<SignedFile> out = new ArrayList<>(inputs.size());
        FileSigner current = null;
        try {
            for (int i = 0; i < inputs.size(); i++) {
                current = signers.get(i);
                out.add(signFile(callerId, current, inputs.get(i), requestHost, tempFiles));
            }
            return out;
        } catch (SignerException | RuntimeException e) {
            metrics.failed(current, SignatureRequestKind.FILE, e);
            out.forEach(SignedFile::close);
            throw e;
        }
    }

    private List<FileSigner> fileSigners(String callerId, List<FileInput> inputs) {
        if (inputs.isEmpty()) {
            throw ApiException.badRequest("empty or invalid request request body");
        }
        List<FileSigner> signers = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).size() == 0) {
                throw ApiException.badRequest("missing input in signature request " + i);
            }
            signers.add((FileSigner) capableSigner(callerId, SignatureRequestKind.FILE, inputs.get(i).keyid()));
        }
        return signers;
    }

    private SignedFile signFile(String callerId, FileSigner s, FileInput input, String requestHost,
            TempFiles tempFiles) throws SignerException {
        long start = System.nanoTime();
        Path output;
        try {
            output = tempFiles.newFile("signed-");
        } catch (IOException e) {
            throw SignerException.failure("creating output file: " + e.getMessage(), e);
        }
        try {
            s.signFile(input.file(), output, input.options() == null ? Map.of() : input.options());
        } catch (SignerException | RuntimeException e) {
            TempFiles.delete(output);
            throw e;
        }
        long nanos = System.nanoTime() - start;
        metrics.signed(s, SignatureRequestKind.FILE, nanos);
        SignatureResponse envelope = new SignatureResponse(newRef(), s.type(), s.mode(), s.id(), s.publicKey(), null,
                null, null, x5u(s, requestHost), s.signerOpts());
        if (AUDIT.isInfoEnabled()) {
            AUDIT.info("signed ref=" + envelope.ref() + " user_id=" + callerId + " request_id="
                    + RequestIdMdc.currentForLog() + " signer_id=" + s.id()
                    + " used_default_signer=" + (input.keyid() == null || input.keyid().isEmpty()) + " input_hash="
                    + input.sha256Hex() + " t=" + nanos / 1000 + "us");
        }
        return new SignedFile(envelope, output);
    }

    // Autograph's /sign/files rules: 1..32 files, Debian-safe names, no input. Duplicate names are refused too:
    // signers that write the files to a directory would silently lose one.
    private static List<NamedFile> files(int index, SignatureRequest request) {
        String where = "signature request " + index;
        if (request.input() != null && request.input().length != 0) {
            throw ApiException.badRequest(where + ": input must be empty when signing multiple files");
        }
        List<dev.signet.model.signer.NamedFile> wire = request.files() == null ? List.of() : request.files();
        if (wire.size() < FileNames.MIN_FILES) {
            throw ApiException.badRequest("Did not receive enough files to sign. Need at least "
                    + FileNames.MIN_FILES);
        }
        if (wire.size() > FileNames.MAX_FILES) {
            throw ApiException.badRequest("Received too many files to sign (max is " + FileNames.MAX_FILES + ")");
        }
        List<NamedFile> files = new ArrayList<>(wire.size());
        Set<String> names = new HashSet<>();
        for (int j = 0; j < wire.size(); j++) {
            dev.signet.model.signer.NamedFile f = wire.get(j);
            String name = f == null ? null : f.name();
            String problem = FileNames.problem(name);
            if (problem != null) {
                throw ApiException.badRequest(where + ": file " + j + ": invalid named file name: " + problem);
            }
            if (!names.add(name)) {
                throw ApiException.badRequest(where + ": file " + j + ": duplicate file name \"" + name + "\"");
            }
            String content = f.content() == null ? "" : f.content();
            files.add(new NamedFile(name, base64(content, where + ": file \"" + name + "\": invalid base64 content")));
        }
        return files;
    }

    private static byte[] base64(String value, String error) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(error + ": " + e.getMessage());
        }
    }

    private static SignatureResponse signOne(SignatureRequestKind kind, Item item, String requestHost)
            throws SignerException {
        Signer s = item.signer();
        String signature = null;
        byte[] signedFile = null;
        List<dev.signet.model.signer.NamedFile> signedFiles = null;
        switch (kind) {
            case DATA -> signature = ((DataSigner) s).signData(item.input(), item.options());
            case HASH -> signature = ((HashSigner) s).signHash(item.input(), item.options());
            case FILE -> signedFile = ((FileSigner) s).signFile(item.input(), item.options());
            case FILES -> signedFiles = toWire(((MultipleFileSigner) s).signFiles(item.files(), item.options()));
        }
        return new SignatureResponse(newRef(), s.type(), s.mode(), s.id(), s.publicKey(), signature, signedFile,
                signedFiles, x5u(s, requestHost), s.signerOpts());
    }

    static List<dev.signet.model.signer.NamedFile> toWire(List<NamedFile> files) {
        List<dev.signet.model.signer.NamedFile> out = new ArrayList<>(files.size());
        for (NamedFile f : files) {
            out.add(new dev.signet.model.signer.NamedFile(f.name(), Base64.getEncoder().encodeToString(f.content())));
        }
        return out;
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

    private static String inputHash(SignatureRequestKind kind, Item item) {
        if (kind == SignatureRequestKind.HASH) {
            return HexFormat.of().formatHex(item.input());
        }
        if (kind == SignatureRequestKind.FILES) {
            StringBuilder sb = new StringBuilder();
            for (NamedFile f : item.files()) {
                sb.append(sb.length() == 0 ? "" : ",").append(f.name()).append(':').append(sha256Hex(f.content()));
            }
            return sb.toString();
        }
        return sha256Hex(item.input());
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
