package dev.signet.e2e.faults;

import dev.signet.infra.postgres.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two independent views of "one version = one signature". The database: more than one signed upload row for the
 * same add-on version. The signer's audit log: more than one {@code signed ... user_id=validator-worker} line
 * for the same XPI, matched by {@code input_hash} (the SHA-256 of the bytes the worker sent to {@code /sign/file},
 * which are the uploaded bytes: every upload of the suite is a different file). The log sees what the database
 * cannot: a worker that crashed after the signer answered and signed the same upload again.
 */
final class SigningEvidence {

    private static final Pattern AUDIT = Pattern.compile(" signed ref=\\S+ user_id=validator-worker .*input_hash=(\\w+)");

    private SigningEvidence() {
    }

    /** Versions of our add-ons (guid prefix) with more than one signed upload row: "guid version: n". */
    static List<String> doubleSignedInDatabase(PostgresServer postgres, String guidPrefix) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT a.guid, u.version, count(*) FROM upload u"
                        + " JOIN addon a ON a.id = u.addon_id WHERE u.signed_file_key IS NOT NULL"
                        + " AND a.guid LIKE '" + guidPrefix + "%' GROUP BY a.guid, u.version HAVING count(*) > 1")) {
            while (rows.next()) {
                found.add(rows.getString(1) + " " + rows.getString(2) + ": " + rows.getLong(3));
            }
        }
        return found;
    }

    /** Upload rows per version beyond the first (a retried PUT that was stored twice), for the report. */
    static long duplicateUploadRows(PostgresServer postgres, String guidPrefix) throws SQLException {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n"
                        + " FROM upload u JOIN addon a ON a.id = u.addon_id WHERE a.guid LIKE '" + guidPrefix
                        + "%' GROUP BY a.guid, u.version) per_version")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** How many audit lines of the worker's signing calls name each input hash. */
    static Map<String, Integer> auditedSignatures(Path signerLog) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (Stream<String> lines = Files.lines(signerLog)) {
            lines.forEach(line -> {
                Matcher m = AUDIT.matcher(line);
                if (m.find()) {
                    counts.merge(m.group(1), 1, Integer::sum);
                }
            });
        }
        return counts;
    }
}
