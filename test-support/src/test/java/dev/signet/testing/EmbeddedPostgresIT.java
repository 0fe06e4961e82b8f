package dev.signet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.infra.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The test harness on a machine without PostgreSQL: this module's tests run with {@code signet.pg.bin=embedded}
 * (see its pom), so {@link TestInfra} starts the server from the Maven Central binaries, and a client uses it as
 * the services' tests do.
 */
class EmbeddedPostgresIT {

    @Test
    void theTestDatabaseRunsOnTheEmbeddedServerAndKeepsWhatIsWritten() throws Exception {
        PostgresServer pg = TestInfra.postgres();
        assertTrue(pg.binaries().startsWith("embedded, "), pg.binaries());
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE greeting (text varchar(20))");
            sql.execute("INSERT INTO greeting VALUES ('hello')");
            try (ResultSet rows = sql.executeQuery("SELECT text, current_database(), version() FROM greeting")) {
                assertTrue(rows.next());
                assertEquals("hello", rows.getString(1));
                assertEquals(PostgresServer.DATABASE, rows.getString(2));
                assertTrue(rows.getString(3).startsWith("PostgreSQL "), rows.getString(3));
            }
        }
    }
}
