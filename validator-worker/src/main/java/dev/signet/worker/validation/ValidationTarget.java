package dev.signet.worker.validation;

import dev.signet.model.jobs.Channel;

/**
 * What the upload claims to be: the add-on id and version it was submitted under, and its channel (which decides
 * the linter's flags).
 *
 * @param addonGuid the add-on id from the submission, or null when the manifest is to provide it
 * @param channel null counts as unlisted, as such a job is signed as unlisted
 */
public record ValidationTarget(String addonGuid, String version, Channel channel) {
}
