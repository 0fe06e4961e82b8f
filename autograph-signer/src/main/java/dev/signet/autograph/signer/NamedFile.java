package dev.signet.autograph.signer;

/** A file of a {@code /sign/files} request or answer, decoded: its name and its bytes. */
public record NamedFile(String name, byte[] content) {
}
