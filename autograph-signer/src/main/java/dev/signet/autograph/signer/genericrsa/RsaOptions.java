package dev.signet.autograph.signer.genericrsa;

import java.util.Locale;

/**
 * Typed {@code genericrsa} options. {@code saltLength} follows Go's {@code rsa.PSSOptions} as Autograph does:
 * 0 = the maximum the key allows, -1 = the hash length, n &gt; 0 = n bytes; it must be 0 for pkcs15.
 */
public record RsaOptions(Mode mode, Hash hash, int saltLength) {

    public enum Mode { PSS, PKCS15 }

    /** The hash, with Go's {@code crypto.Hash} number that Autograph echoes in {@code signer_opts}. */
    public enum Hash {
        SHA1("SHA-1", 20, 3, "1.3.14.3.2.26"),
        SHA256("SHA-256", 32, 5, "2.16.840.1.101.3.4.2.1");

        final String jcaName;
        final int length;
        final int goNumber;
        final String oid;

        Hash(String jcaName, int length, int goNumber, String oid) {
            this.jcaName = jcaName;
            this.length = length;
            this.goNumber = goNumber;
            this.oid = oid;
        }
    }

    public static RsaOptions parse(String mode, String hash, Integer saltLength) {
        if (mode == null || mode.isEmpty()) {
            throw new IllegalArgumentException("mode is required (pss or pkcs15)");
        }
        Mode m = switch (mode) {
            case "pss" -> Mode.PSS;
            case "pkcs15" -> Mode.PKCS15;
            default -> throw new IllegalArgumentException("unknown mode \"" + mode + "\" (pss or pkcs15)");
        };
        if (hash == null || hash.isEmpty()) {
            throw new IllegalArgumentException("hash is required (sha1 or sha256)");
        }
        Hash h = switch (hash.toLowerCase(Locale.ROOT)) {
            case "sha1" -> Hash.SHA1;
            case "sha256" -> Hash.SHA256;
            default -> throw new IllegalArgumentException("unknown hash \"" + hash + "\" (sha1 or sha256)");
        };
        int salt = saltLength == null ? 0 : saltLength;
        if (m == Mode.PKCS15 && salt != 0) {
            throw new IllegalArgumentException("saltlength is only valid in pss mode");
        }
        if (salt < -1) {
            throw new IllegalArgumentException("saltlength must be -1 (hash length), 0 (maximum) or positive");
        }
        return new RsaOptions(m, h, salt);
    }

    public String wireMode() {
        return mode == Mode.PSS ? "pss" : "pkcs15";
    }
}
