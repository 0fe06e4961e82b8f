package dev.signet.monitor.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/** One line for what went wrong on the network: the JDK's exceptions often have no message of their own. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String kind = kind(t);
            if (kind != null) {
                return kind + (t.getMessage() == null || t.getMessage().isEmpty() ? "" : ": " + t.getMessage());
            }
        }
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isEmpty())) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String kind(Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (t instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (t instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host";
        }
        if (t instanceof SSLException) {
            return "TLS failed";
        }
        return null;
    }
}
