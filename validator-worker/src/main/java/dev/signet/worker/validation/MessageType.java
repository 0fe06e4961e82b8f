package dev.signet.worker.validation;

import java.util.Locale;

/** Severity of a validation message; the wire value is the lowercase name, as addons-linter writes it. */
public enum MessageType {
    ERROR,
    WARNING,
    NOTICE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
