package dev.signet.autograph.signer.gpg2;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Typed {@code gpg2} configuration: the mode and the key id (hex key id or fingerprint, optional {@code 0x}),
 * normalised to upper-case hex. The passphrase is not kept here; it is only used to unlock the key at startup.
 */
public record Gpg2Options(Mode mode, String keyId) {

    private static final Pattern HEX_ID = Pattern.compile("^([0-9A-F]{8}|[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64})$");

    public enum Mode {
        /** Armored detached signatures on {@code /sign/data}. */
        GPG2("gpg2"),
        /** Clear-signed {@code .dsc}/{@code .buildinfo}/{@code .changes} on {@code /sign/files}. */
        DEBSIGN("debsign");

        final String wire;

        Mode(String wire) {
            this.wire = wire;
        }
    }

    public static Gpg2Options parse(String mode, String keyid) {
        Mode m;
        if (mode == null || mode.isEmpty() || mode.equals("gpg2")) {
            m = Mode.GPG2;
        } else if (mode.equals("debsign")) {
            m = Mode.DEBSIGN;
        } else if (mode.equals("rpmsign")) {
            throw new IllegalArgumentException("mode \"rpmsign\" is not supported (gpg2 or debsign)");
        } else {
            throw new IllegalArgumentException("unknown mode \"" + mode + "\" (gpg2 or debsign)");
        }
        if (keyid == null || keyid.isBlank()) {
            throw new IllegalArgumentException("keyid is required (key id or fingerprint in hex)");
        }
        String id = keyid.strip().replace(" ", "").toUpperCase(Locale.ROOT);
        if (id.startsWith("0X")) {
            id = id.substring(2);
        }
        if (!HEX_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("keyid \"" + keyid + "\" is not a hex key id (8 or 16 digits) or"
                    + " fingerprint (40 or 64 digits)");
        }
        return new Gpg2Options(m, id);
    }
}
