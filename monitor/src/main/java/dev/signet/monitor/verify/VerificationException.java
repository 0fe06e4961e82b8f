package dev.signet.monitor.verify;

/** A signature, certificate or answer that does not pass; the message is for the operator, without a stack. */
public class VerificationException extends Exception {

    public VerificationException(String message) {
        super(message, null, false, false);
    }
}
