package dev.signet.autograph.signer;

/** A signer that publishes a PEM certificate chain for its {@code x5u}, served at {@code /x5u/{id}/{name}}. */
public interface CertificateChainSigner extends Signer {

    /** File name of the current chain. */
    String chainName();

    /** The chain: end-entity, intermediate, root, PEM-concatenated. */
    byte[] chainPem();
}
