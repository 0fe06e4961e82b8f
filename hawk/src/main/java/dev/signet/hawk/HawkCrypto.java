package dev.signet.hawk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Hawk v1 normalized strings, MAC and payload hash (HMAC-SHA256 / SHA-256), byte for byte as npm {@code hawk}
 * 9 computes them.
 */
public final class HawkCrypto {

    private static final String HMAC = "HmacSHA256";
    private static final byte[] PAYLOAD_PREFIX = "hawk.1.payload\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEWLINE = {'\n'};

    // Provider lookup in getInstance costs more than hashing a small request; every request needs both.
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("hawk: HmacSHA256 unavailable", e);
        }
    });
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("hawk: SHA-256 unavailable", e);
        }
    });

    private HawkCrypto() {
    }

    /** The request parts covered by the MAC. {@code hash}, {@code ext}, {@code app}, {@code dlg} may be null. */
    public record Artifacts(long ts, String nonce, String method, String resource, String host, int port, String hash,
            String ext, String app, String dlg) {
    }

    /** {@code hawk.1.header\n{ts}\n{nonce}\n{METHOD}\n{resource}\n{host}\n{port}\n{hash}\n{ext}\n[{app}\n{dlg}\n]}. */
    public static String normalizedString(String type, Artifacts a) {
        StringBuilder sb = new StringBuilder(256)
                .append("hawk.1.").append(type).append('\n')
                .append(a.ts()).append('\n')
                .append(a.nonce()).append('\n')
                .append(a.method().toUpperCase(Locale.ROOT)).append('\n')
                .append(a.resource()).append('\n')
                .append(a.host().toLowerCase(Locale.ROOT)).append('\n')
                .append(a.port()).append('\n')
                .append(a.hash() == null ? "" : a.hash()).append('\n');
        if (a.ext() != null && !a.ext().isEmpty()) {
            sb.append(a.ext().replace("\\", "\\\\").replace("\n", "\\n"));
        }
        sb.append('\n');
        if (a.app() != null && !a.app().isEmpty()) {
            sb.append(a.app()).append('\n').append(a.dlg() == null ? "" : a.dlg()).append('\n');
        }
        return sb.toString();
    }

    /** base64(HMAC-SHA256(key, normalized header string)). */
    public static String headerMac(HawkCredentials credentials, Artifacts artifacts) {
        return hmac(credentials.keyBytes(), normalizedString("header", artifacts));
    }

    /** The {@code tsm} attribute of a stale-timestamp answer: base64(HMAC(key, "hawk.1.ts\n{ts}\n")). */
    public static String timestampMac(HawkCredentials credentials, long ts) {
        return hmac(credentials.keyBytes(), "hawk.1.ts\n" + ts + "\n");
    }

    /**
     * base64(SHA-256("hawk.1.payload\n{media type}\n{body}\n")). The media type is the Content-Type without
     * parameters, trimmed and lowercased, as npm {@code hawk} does ({@code application/json; charset=utf-8} and
     * {@code application/json} hash the same). Autograph's Go library hashes the raw header value instead, so the
     * two only differ for clients that send parameters, which Autograph refuses anyway.
     */
    public static String payloadHash(String contentType, byte[] body) {
        MessageDigest digest = sha256();
        digest.update(PAYLOAD_PREFIX);
        digest.update(mediaType(contentType).getBytes(StandardCharsets.UTF_8));
        digest.update(NEWLINE);
        if (body != null) {
            digest.update(body);
        }
        digest.update(NEWLINE);
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    /**
     * A digest already fed with the payload-hash prefix and media type, for bodies too large to hold in memory:
     * feed it the body as it is written or read, then pass it to {@link #finishPayloadHash}. The result equals
     * {@link #payloadHash} of the same bytes.
     */
    public static MessageDigest payloadHasher(String contentType) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(PAYLOAD_PREFIX);
            digest.update(mediaType(contentType).getBytes(StandardCharsets.UTF_8));
            digest.update(NEWLINE);
            return digest;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("hawk: SHA-256 unavailable", e);
        }
    }

    /** The payload hash of everything fed to a {@link #payloadHasher}; the digest is consumed. */
    public static String finishPayloadHash(MessageDigest hasher) {
        hasher.update(NEWLINE);
        return Base64.getEncoder().encodeToString(hasher.digest());
    }

    /** The Content-Type value without parameters, trimmed and lowercased; "" for null. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    /** Constant-time comparison of two ASCII strings (MACs, hashes). */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(byte[] key, String data) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, HMAC));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("hawk: HmacSHA256 unavailable", e);
        }
    }

    private static MessageDigest sha256() {
        MessageDigest md = DIGESTS.get();
        md.reset();
        return md;
    }
}
