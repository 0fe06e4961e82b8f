package dev.signet.amo.longpoll;

import dev.signet.amo.statuscache.StatusCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on {@link UploadChanges#CHANNEL} with one connection of its own, held for the life of the replica, and
 * wakes the waiters of each announced upload. While the connection is down, announcements are lost: every waiter
 * is woken on reconnect so none sleeps past a change it missed (it looks again and, if nothing changed, waits on),
 * and the status cache trusts nothing it loaded before.
 */
@ApplicationScoped
public class UploadChangeListener {

    private static final Logger LOG = Logger.getLogger(UploadChangeListener.class);
    private static final int RECEIVE_TIMEOUT_MS = 5_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final UploadWaiters waiters;
    private final StatusCache statuses;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    public UploadChangeListener(UploadWaiters waiters, StatusCache statuses) {
        this.waiters = waiters;
        this.statuses = statuses;
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
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + UploadChanges.CHANNEL);
                }
                statuses.listening();
                waiters.wakeAll();
                backoff = Duration.ofMillis(500);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notices = pg.getNotifications(RECEIVE_TIMEOUT_MS);
                    if (notices == null || notices.length == 0) {
                        // A quiet connection may be a dead one (a peer gone without a reset): asking proves it.
                        try (Statement ping = c.createStatement()) {
                            ping.execute("SELECT 1");
                        }
                        continue;
                    }
                    for (PGNotification notice : notices) {
                        wake(notice.getParameter());
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
                statuses.notListening();
                connection = null;
            }
        }
    }

    private void wake(String payload) {
        try {
            UploadChanges.Notice notice = UploadChanges.Notice.parse(payload);
            if (notice.guid() == null) {
                statuses.changedUnknown();
            } else if (!notice.guid().isEmpty()) {
                statuses.changed(notice.upload(), notice.guid(), notice.version());
            }
            waiters.wake(notice.upload());
        } catch (IllegalArgumentException e) {
            LOG.debugf("ignoring announcement with a malformed upload id: %s", payload);
        }
    }

    /**
     * Its own connection, outside the pool: it is held for the life of the replica anyway, and one whose backend
     * was killed (a restart, pg_terminate_backend, a proxy's idle cut) must not go back to the pool for a request
     * to find broken.
     */
    private Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        Properties login = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> login.put("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(p -> login.put("password", p));
        login.put("ApplicationName", "amo-api upload-change-listener");
        login.put("connectTimeout", "10");
        login.put("socketTimeout", String.valueOf(2 * RECEIVE_TIMEOUT_MS / 1000 + 10));
        return new org.postgresql.Driver().connect(url, login);
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
