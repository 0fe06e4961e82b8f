package dev.signet.model.jobs;

/** A signed file written by the worker into the shared blob store. */
public record SignedFile(String fileKey, String sha256, long size, String signerId) {
}
