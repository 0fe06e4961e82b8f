package dev.signet.autograph.signer;

import java.util.Map;

/** {@code /sign/file}: the input is a whole file, the answer the signed file. */
public interface FileSigner extends Signer {

    byte[] signFile(byte[] file, Map<String, Object> options) throws SignerException;
}
