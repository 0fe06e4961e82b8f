package dev.signet.autograph.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

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
        Recommendation recommendation,
        RsaCacheConfig rsacacheconfig,
        String keyid,
        String passphrase) {

    /** Entries written before the xpi and gpg2 fields. */
    public SignerEntry(String id, String type, String mode, String privatekey, String publickey, String certificate,
            String hash, Integer saltlength, String x5u, String issuerprivkey, String issuercert, String cacert,
            String chainlocation, String validity, String clockskewtolerance, String subdomainoverride,
            String domain) {
        this(id, type, mode, privatekey, publickey, certificate, hash, saltlength, x5u, issuerprivkey, issuercert,
                cacert, chainlocation, validity, clockskewtolerance, subdomainoverride, domain, null, null);
    }

    /** Entries written before the gpg2 fields ({@code keyid}, {@code passphrase}). */
    public SignerEntry(String id, String type, String mode, String privatekey, String publickey, String certificate,
            String hash, Integer saltlength, String x5u, String issuerprivkey, String issuercert, String cacert,
            String chainlocation, String validity, String clockskewtolerance, String subdomainoverride,
            String domain, Recommendation recommendation, RsaCacheConfig rsacacheconfig) {
        this(id, type, mode, privatekey, publickey, certificate, hash, saltlength, x5u, issuerprivkey, issuercert,
                cacert, chainlocation, validity, clockskewtolerance, subdomainoverride, domain, recommendation,
                rsacacheconfig, null, null);
    }

    /** xpi {@code add-on-with-recommendation}: Autograph's {@code recommendation} block. */
    public record Recommendation(
            String path,
            Map<String, Boolean> states,
            @JsonProperty("relative_start") String relativeStart,
            String duration) {
    }

    /**
     * xpi: Autograph's {@code rsacacheconfig}; {@code numkeys} and {@code numgenerators} size this signer's
     * end-entity key pool, the other (Autograph) keys are accepted and have no effect.
     */
    public record RsaCacheConfig(
            Integer numkeys,
            Integer numgenerators,
            String generatorsleepduration,
            String fetchtimeout,
            String statssamplerate) {
    }

    @Override
    public String toString() {
        return "SignerEntry[id=" + id + ", type=" + type + ", mode=" + mode + "]";
    }
}
