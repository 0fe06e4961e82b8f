package dev.signet.e2e.faults;

import java.time.Instant;

/** One upload of the fault suite, as its client saw it. Written by its client thread, read after it joined. */
final class TrackedUpload {

    enum Outcome { NOT_ACCEPTED, SIGNED, FINAL_UNSIGNED, STUCK, LOST }

    final String guid;
    final String version;
    final String sha256;
    volatile Instant acceptedAt;
    volatile boolean acceptedOnRetry;
    volatile Instant finalSeenAt;
    volatile boolean signed;
    volatile Outcome outcome = Outcome.NOT_ACCEPTED;
    volatile String lastAnswer = "";

    TrackedUpload(String guid, String version, String sha256) {
        this.guid = guid;
        this.version = version;
        this.sha256 = sha256;
    }

    boolean accepted() {
        return acceptedAt != null;
    }

    @Override
    public String toString() {
        return guid + " " + version + " " + outcome + " (accepted " + acceptedAt + ", last answer: " + lastAnswer
                + ")";
    }
}
