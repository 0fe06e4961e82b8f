package dev.signet.model.signer;

/** A named file in a {@code /sign/files} request or response; {@code content} is standard base64. */
public record NamedFile(String name, String content) {
}
