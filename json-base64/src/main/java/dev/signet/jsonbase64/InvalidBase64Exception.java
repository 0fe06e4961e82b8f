package dev.signet.jsonbase64;

import java.io.IOException;

/** A JSON string that should hold base64 does not: its message says why, without the data itself. */
public final class InvalidBase64Exception extends IOException {

    public InvalidBase64Exception(String message) {
        super(message);
    }
}
