package dev.signet.monitor;

/**
 * What the monitor concluded about one signer's answer.
 *
 * @param daysLeft whole days until the soonest certificate or key expiry among those checked, or null when the
 *                 signer has none (a bare key)
 */
public record SignerResult(String signerId, String type, Status status, Long daysLeft, String detail) {
}
