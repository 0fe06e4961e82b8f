package dev.signet.blob;

/** A stored blob: its key in the store, its SHA-256 (lowercase hex) and its size in bytes. */
public record BlobRef(String key, String sha256, long size) {
}
