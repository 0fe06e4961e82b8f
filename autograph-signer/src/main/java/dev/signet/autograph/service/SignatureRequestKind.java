package dev.signet.autograph.service;

/** The {@code /sign/*} endpoints and the capability each needs. */
public enum SignatureRequestKind {
    DATA("data signing"),
    HASH("hash signing"),
    FILE("file signing"),
    FILES("multiple file signing");

    private final String capability;

    SignatureRequestKind(String capability) {
        this.capability = capability;
    }

    public String capability() {
        return capability;
    }
}
