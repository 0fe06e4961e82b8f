package dev.signet.autograph.config;

/** A configuration error that stops startup; the message names the file, signer or authorization at fault. */
public class SignerConfigException extends RuntimeException {

    public SignerConfigException(String message) {
        super(message);
    }

    public SignerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
