package dev.signet.testing.hostile;

import java.util.regex.Pattern;

/** What an error message for a client may not contain: Java types, members, stack frames, a missing detail. */
public final class ClientMessages {

    /**
     * An exception class, a qualified type, a {@code Type.member()} reference, a stack frame, an
     * array's identity, or a detail that was null. User content is echoed in messages, so each is specific.
     */
    private static final Pattern JAVA_INTERNALS = Pattern.compile(String.join("|",
            "\\b[A-Z]\\w*(?:Exception|Error)\\b",
            "\\b(?:java|javax|jdk|sun|com|org|dev)\\.(?:[a-z]\\w*\\.)+[A-Z]\\w*",
            "\\b[A-Z][A-Za-z0-9]+\\.[a-z][A-Za-z0-9]*\\(\\)",
            "\\tat ",
            "\\[[BCDFIJSZ]@[0-9a-f]{6,}",
            ":\\s*null\\s*$"));

    private ClientMessages() {
    }

    /** Throws AssertionError when {@code message} is blank or shows Java internals. */
    public static void assertReadable(String message) {
        if (message == null || message.isBlank()) {
            throw new AssertionError("empty message for the client");
        }
        if (JAVA_INTERNALS.matcher(message).find()) {
            throw new AssertionError("Java internals in a message for the client: " + message);
        }
    }
}
