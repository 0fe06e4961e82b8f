package dev.signet.autograph.signer.gpg2;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Updates the checksum lines of a {@code .changes} for files whose content changed (re-signed {@code .dsc} and
 * {@code .buildinfo}), as debsign does: in {@code Files} (md5), {@code Checksums-Sha1}, {@code Checksums-Sha256}
 * and {@code Checksums-Sha512}, the hash and size of a listed file are replaced; everything else is kept.
 */
final class DebianChanges {

    private static final Map<String, String> CHECKSUM_FIELDS = Map.of(
            "files", "MD5",
            "checksums-md5", "MD5",
            "checksums-sha1", "SHA-1",
            "checksums-sha256", "SHA-256",
            "checksums-sha512", "SHA-512");

    private DebianChanges() {
    }

    /** @param changed file name to its new content */
    static List<String> updateChecksums(List<String> lines, Map<String, byte[]> changed) {
        List<String> out = new ArrayList<>(lines.size());
        String digest = null;
        for (String line : lines) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (!continuation) {
                int colon = line.indexOf(':');
                digest = colon > 0 ? CHECKSUM_FIELDS.get(line.substring(0, colon).strip().toLowerCase(Locale.ROOT))
                        : null;
                out.add(line);
                continue;
            }
            out.add(digest == null ? line : updateLine(line, digest, changed));
        }
        return out;
    }

    private static String updateLine(String line, String digest, Map<String, byte[]> changed) {
        String[] fields = line.strip().split("[ \t]+");
        if (fields.length < 3) {
            return line;
        }
        byte[] content = changed.get(fields[fields.length - 1]);
        if (content == null) {
            return line;
        }
        fields[0] = hash(digest, content);
        fields[1] = Integer.toString(content.length);
        return " " + String.join(" ", fields);
    }

    private static String hash(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
