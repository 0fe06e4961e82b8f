package dev.signet.autograph.signer.apk2;

/** Typed {@code apk2} configuration: the mode decides whether APK Signature Scheme v3 is added. */
public record Apk2Options(boolean v3Enabled) {

    public static Apk2Options parse(String mode) {
        if (mode == null || mode.isEmpty()) {
            return new Apk2Options(false);
        }
        if (mode.equals("v3enabled")) {
            return new Apk2Options(true);
        }
        throw new IllegalArgumentException("unknown mode \"" + mode + "\" (empty or v3enabled)");
    }

    public String wireMode() {
        return v3Enabled ? "v3enabled" : "";
    }
}
