package dev.signet.autograph.config;

import java.util.List;

/** The signer YAML file: {@code signers}, {@code authorizations}, optional {@code monitoring}. */
public record SignerFile(List<SignerEntry> signers, List<AuthorizationEntry> authorizations, Monitoring monitoring) {

    public SignerFile {
        signers = signers == null ? List.of() : List.copyOf(signers);
        authorizations = authorizations == null ? List.of() : List.copyOf(authorizations);
    }

    /** One caller: its Hawk id and key, and the signers it may use (the first is its default). */
    public record AuthorizationEntry(String id, String key, List<String> signers) {

        public AuthorizationEntry {
            signers = signers == null ? List.of() : List.copyOf(signers);
        }

        @Override
        public String toString() {
            return "AuthorizationEntry[id=" + id + ", signers=" + signers + "]";
        }
    }

    /** The {@code monitor} Hawk user's key; monitoring is disabled when absent or empty. */
    public record Monitoring(String key) {

        @Override
        public String toString() {
            return "Monitoring[key=<redacted>]";
        }
    }
}
