package dev.signet.autograph.service;

import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.HashSigner;
import dev.signet.autograph.signer.MultipleFileSigner;
import dev.signet.autograph.signer.Signer;
import java.util.Locale;

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

    public boolean supportedBy(Signer signer) {
        return switch (this) {
            case DATA -> signer instanceof DataSigner;
            case HASH -> signer instanceof HashSigner;
            case FILE -> signer instanceof FileSigner;
            case FILES -> signer instanceof MultipleFileSigner;
        };
    }

    /** The endpoint's last path segment: {@code data}, {@code hash}, {@code file}, {@code files}. */
    public String endpoint() {
        return name().toLowerCase(Locale.ROOT);
    }
}
