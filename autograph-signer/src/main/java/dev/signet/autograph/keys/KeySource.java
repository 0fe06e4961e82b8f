package dev.signet.autograph.keys;

/**
 * A key custody backend. A signer's {@code privatekey} value is either an inline PEM key or, for an HSM, a key
 * label; each source says whether it handles a reference.
 */
public interface KeySource {

    /** Short name used in messages, e.g. {@code pem}, {@code pkcs11}. */
    String name();

    boolean handles(String reference);

    /** Loads the key; throws {@link KeyException} with a message that never contains key material. */
    SigningKey load(String reference) throws KeyException;
}
