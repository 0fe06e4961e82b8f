package dev.signet.amo.error;

/**
 * Whether a failure is the multipart parser refusing the request body (garbage, a missing final boundary, a
 * body cut short): the client's fault, a 400. A failure of our own while the body is stored (a full disk) is
 * not raised by the parser itself and stays a 500.
 */
final class MalformedMultipart {

    private static final String PARSER_PACKAGE = "org.jboss.resteasy.reactive.server.core.multipart.";

    private MalformedMultipart() {
    }

    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith(PARSER_PACKAGE)) {
                return true;
            }
            StackTraceElement[] frames = t.getStackTrace();
            if (t instanceof java.io.IOException && frames.length > 0
                    && frames[0].getClassName().startsWith(PARSER_PACKAGE)) {
                return true;
            }
        }
        return false;
    }
}
