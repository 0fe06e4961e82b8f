package dev.signet.worker.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The manifest must be what the upload was submitted as: its version the version in the URL, its add-on id (when
 * it has one) the id in the URL. AMO refuses a mismatch before validating (400); we report it in the validation,
 * next to the linter's findings. Everything else about the manifest is the linter's to judge.
 */
final class IdentityChecks {

    static final String VERSION_MISMATCH = "VERSION_MISMATCH";
    static final String ID_MISMATCH = "ADDON_ID_MISMATCH";

    private static final String FILE = ManifestParser.FILE;

    private IdentityChecks() {
    }

    static void check(JsonNode manifest, ValidationTarget target, Findings findings) {
        JsonNode version = manifest.get("version");
        if (target.version() != null && version != null && version.isTextual()
                && !target.version().equals(version.asText())) {
            findings.error(VERSION_MISMATCH, "Version does not match the manifest.json.",
                    "The version in manifest.json (" + version.asText() + ") does not match the submitted version ("
                            + target.version() + ").", FILE);
        }
        JsonNode id = manifest.at("/browser_specific_settings/gecko/id");
        if (!id.isTextual()) {
            id = manifest.at("/applications/gecko/id");
        }
        if (target.addonGuid() != null && id.isTextual() && !target.addonGuid().equals(id.asText())) {
            findings.error(ID_MISMATCH, "The add-on ID in manifest.json does not match.",
                    "The add-on ID in your manifest.json (" + id.asText() + ") does not match the ID of your add-on ("
                            + target.addonGuid() + ").", FILE);
        }
    }
}
