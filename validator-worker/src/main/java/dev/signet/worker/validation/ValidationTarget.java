package dev.signet.worker.validation;

/**
 * What the upload claims to be: the add-on id and version it was submitted under.
 *
 * @param addonGuid the add-on id from the submission, or null when the manifest is to provide it
 */
public record ValidationTarget(String addonGuid, String version) {
}
