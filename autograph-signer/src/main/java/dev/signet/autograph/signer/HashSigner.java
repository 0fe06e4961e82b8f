package dev.signet.autograph.signer;

import java.util.Map;

/** {@code /sign/hash}: the input is a digest the client already computed. */
public interface HashSigner extends Signer {

    String signHash(byte[] digest, Map<String, Object> options) throws SignerException;
}
