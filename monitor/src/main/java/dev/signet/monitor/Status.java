package dev.signet.monitor;

/** The outcome of a check, ordered from best to worst; the ordinal is the process exit code. */
public enum Status {
    OK,
    WARN,
    FAIL;

    public int exitCode() {
        return ordinal();
    }

    public Status worst(Status other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
