package dev.signet.autograph.signer.xpi;

import dev.signet.autograph.signer.OptionKeys;
import dev.signet.autograph.signer.SignerException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed request options: {@code id} (the add-on id, the end-entity CN; required except in hotfix mode),
 * {@code pkcs7_digest} ({@code SHA1}/{@code SHA256}), {@code cose_algorithms} and {@code recommendations}
 * ({@code /sign/file} only). Keys match as in Autograph
 * ({@link OptionKeys}: {@code "ID"} is {@code id}); unknown keys are ignored, as Autograph does.
 */
record XpiOptions(String commonName, Pkcs7.Digest digest, List<CoseAlgorithm> coseAlgorithms,
        List<String> recommendations) {

    /** Autograph's monitor options. */
    static final Map<String, Object> DEFAULTS = Map.of("id", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "pkcs7_digest", "SHA1");
    static final int MAX_ID_LENGTH = 255;

    /** {@code /sign/file}: the digest defaults to SHA256 (Autograph requires the field; AMO sends SHA256). */
    static XpiOptions forFile(Map<String, Object> options, XpiMode mode) throws SignerException {
        return new XpiOptions(commonName(options, mode), digest(options, Pkcs7.Digest.SHA256),
                coseAlgorithms(options), strings(options, "recommendations"));
    }

    /** {@code /sign/data}: no COSE (the caller builds the archive); the digest defaults to SHA1 as Autograph's. */
    static XpiOptions forData(Map<String, Object> options, XpiMode mode) throws SignerException {
        if (!strings(options, "cose_algorithms").isEmpty()) {
            throw SignerException.badInput("xpi: options.cose_algorithms: COSE signatures need /sign/file");
        }
        return new XpiOptions(commonName(options, mode), digest(options, Pkcs7.Digest.SHA1), List.of(), List.of());
    }

    private static String commonName(Map<String, Object> options, XpiMode mode) throws SignerException {
        if (mode.fixedCommonName != null) {
            return mode.fixedCommonName;
        }
        Object id = OptionKeys.get(options, "id");
        if (id == null || "".equals(id)) {
            throw SignerException.badInput("xpi: options.id (the add-on id) is required");
        }
        if (!(id instanceof String s)) {
            throw SignerException.badInput("xpi: options.id must be a string");
        }
        if (s.length() > MAX_ID_LENGTH) {
            throw SignerException.badInput("xpi: options.id is longer than " + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw SignerException.badInput("xpi: options.id must be printable ASCII without spaces");
            }
        }
        return s;
    }

    private static Pkcs7.Digest digest(Map<String, Object> options, Pkcs7.Digest fallback) throws SignerException {
        Object value = OptionKeys.get(options, "pkcs7_digest");
        if (value == null || "".equals(value)) {
            return fallback;
        }
        if (value instanceof String s) {
            switch (s.toUpperCase(Locale.ROOT)) {
                case "SHA1":
                    return Pkcs7.Digest.SHA1;
                case "SHA256":
                    return Pkcs7.Digest.SHA256;
                default:
                    break;
            }
        }
        throw SignerException.badInput("xpi: options.pkcs7_digest must be \"SHA1\" or \"SHA256\"");
    }

    private static List<CoseAlgorithm> coseAlgorithms(Map<String, Object> options) throws SignerException {
        Set<CoseAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : strings(options, "cose_algorithms")) {
            CoseAlgorithm alg = CoseAlgorithm.parse(name).orElseThrow(() -> SignerException.badInput(
                    "xpi: options.cose_algorithms: unsupported algorithm \"" + name + "\" (ES256, ES384, ES512, PS256)"));
            if (!algorithms.add(alg)) {
                throw SignerException.badInput("xpi: options.cose_algorithms: " + alg + " listed twice");
            }
        }
        return List.copyOf(algorithms);
    }

    private static List<String> strings(Map<String, Object> options, String key) throws SignerException {
        Object value = OptionKeys.get(options, key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw SignerException.badInput("xpi: options." + key + " must be a list of strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw SignerException.badInput("xpi: options." + key + " must be a list of strings");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }
}
