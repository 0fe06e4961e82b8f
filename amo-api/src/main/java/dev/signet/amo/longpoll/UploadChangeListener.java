package dev.signet.amo.longpoll;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on {@link UploadChanges#CHANNEL} with one connection of the pool, held for the life of the replica, and
 * wakes the waiters of each announced upload. While the connection is down, announcements are lost: every waiter
 * is woken on reconnect so none sleeps past a change it missed (it looks again and, if nothing changed, waits on).
 */
@ApplicationScoped
public class UploadChangeListener {

    private static final Logger LOG = Logger.getLogger(UploadChangeListener.class);
    private static final int RECEIVE_TIMEOUT_MS = 5_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final AgroalDataSource dataSource;
    private final UploadWaiters waiters;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    public UploadChangeListener(AgroalDataSource dataSource, UploadWaiters waiters) {
        this.dataSource = dataSource;
        this.waiters = waiters;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = new Thread(this::run, "upload-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        closeQuietly();
        if (thread != null) {
            thread.interrupt();
        }
        waiters.wakeAll();
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + UploadChanges.CHANNEL);
                }
                waiters.wakeAll();
                backoff = Duration.ofMillis(500);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notices = pg.getNotifications(RECEIVE_TIMEOUT_MS);
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            wake(notice.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("long-poll listener lost its database connection (%s); retrying in %d ms",
                        e.getMessage(), backoff.toMillis());
                waiters.wakeAll();
                if (!sleep(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                connection = null;
            }
        }
    }

    private void wake(String payload) {
        try {
            waiters.wake(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            LOG.debugf("ignoring announcement with a malformed upload id: %s", payload);
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debugf("closing the long-poll listener's connection: %s", e.getMessage());
            }
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
