package dev.signet.amo.service;

/**
 * The client's name for an uploaded file, kept only for display. It is add-on controlled: control characters
 * (PostgreSQL refuses NUL in text) are dropped and the length is capped, so no name can fail the upload.
 */
public final class UploadFileName {

    static final int MAX_LENGTH = 255;
    private static final String DEFAULT = "upload.xpi";

    private UploadFileName() {
    }

    public static String of(String clientName) {
        if (clientName == null) {
            return DEFAULT;
        }
        StringBuilder clean = new StringBuilder(Math.min(clientName.length(), MAX_LENGTH));
        clientName.codePoints().filter(c -> !Character.isISOControl(c)).limit(MAX_LENGTH)
                .forEach(clean::appendCodePoint);
        String name = clean.toString().strip();
        return name.isEmpty() ? DEFAULT : name;
    }
}
