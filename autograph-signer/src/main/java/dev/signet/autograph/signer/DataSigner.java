package dev.signet.autograph.signer;

import java.util.Map;

/** {@code /sign/data}: the signer hashes (or templates) the input itself. */
public interface DataSigner extends Signer {

    /** Returns the signature in the type's wire encoding. */
    String signData(byte[] input, Map<String, Object> options) throws SignerException;
}
