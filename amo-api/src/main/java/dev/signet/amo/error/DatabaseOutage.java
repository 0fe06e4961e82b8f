package dev.signet.amo.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure is PostgreSQL being unreachable (down, restarting, pool exhausted) rather than a bug: such
 * a request may succeed when retried, so it is a 503, not a 500.
 */
final class DatabaseOutage {

    private DatabaseOutage() {
    }

    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLState class 08 (connection exception), 57P01-57P03 (server shutting down or starting up), or the pool
     * giving up on getting a connection.
     */
    private static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
            return true;
        }
        String message = e.getMessage();
        return message != null && message.contains("Acquisition timeout");
    }
}
