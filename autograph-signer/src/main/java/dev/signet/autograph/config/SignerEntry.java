package dev.signet.autograph.config;

/**
 * One {@code signers[]} entry, with Autograph's field names. Each signer type reads the fields it needs into
 * its own typed options and refuses the rest of its configuration errors at startup.
 */
public record SignerEntry(
        String id,
        String type,
        String mode,
        String privatekey,
        String publickey,
        String certificate,
        String hash,
        Integer saltlength,
        String x5u,
        String issuerprivkey,
        String issuercert,
        String cacert,
        String chainlocation,
        String validity,
        String clockskewtolerance,
        String subdomainoverride,
        String domain,
        String keyid,
        String passphrase) {

    /** The fields before {@code keyid}/{@code passphrase} (gpg2) were added; those default to null. */
    public SignerEntry(String id, String type, String mode, String privatekey, String publickey, String certificate,
            String hash, Integer saltlength, String x5u, String issuerprivkey, String issuercert, String cacert,
            String chainlocation, String validity, String clockskewtolerance, String subdomainoverride,
            String domain) {
        this(id, type, mode, privatekey, publickey, certificate, hash, saltlength, x5u, issuerprivkey, issuercert,
                cacert, chainlocation, validity, clockskewtolerance, subdomainoverride, domain, null, null);
    }

    @Override
    public String toString() {
        return "SignerEntry[id=" + id + ", type=" + type + ", mode=" + mode + "]";
    }
}
