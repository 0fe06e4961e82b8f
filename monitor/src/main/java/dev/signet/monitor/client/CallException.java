package dev.signet.monitor.client;

/** The monitor call itself failed (network, authentication, an answer that is not the monitor's). */
public class CallException extends Exception {

    public CallException(String message) {
        super(message, null, false, false);
    }
}
