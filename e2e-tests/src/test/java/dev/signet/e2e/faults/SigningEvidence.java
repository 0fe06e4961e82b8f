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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two independent views of "one version = one signature". The database: more than one signed upload row for the
 * same add-on version. The signer's audit log: more than one released signature for the same XPI (see
 * {@link #auditedSignatures}), matched by {@code input_hash} (the SHA-256 of the bytes the worker sent to {@code /sign/file},
 * which are the uploaded bytes: every upload of the suite is a different file). The log sees what the database
 * cannot: a worker that crashed after the signer answered and signed the same upload again.
 */
final class SigningEvidence {

    private static final Pattern AUDIT = Pattern.compile(
            " signed ref=(\\S+) user_id=validator-worker .*input_hash=(\\w+)");
    private static final Pattern RELEASED = Pattern.compile(" released refs=(\\S+) user_id=validator-worker");

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

    /**
     * How many distinct signatures of each XPI left the signer for the worker: "released refs=..." lines, joined
     * to the "signed ref=... input_hash=..." lines by ref. A signature made but never released (the signer died
     * before storing its response; the retry signs again) is not a second signature anyone got; a release logged
     * twice for one ref (the replay after such a death) counts once.
     */
    static Map<String, Integer> auditedSignatures(Path signerLog) throws IOException {
        Map<String, String> hashOfRef = new HashMap<>();
        List<String> releasedRefs = new ArrayList<>();
        try (Stream<String> lines = Files.lines(signerLog)) {
            lines.forEach(line -> {
                Matcher signed = AUDIT.matcher(line);
                if (signed.find()) {
                    hashOfRef.put(signed.group(1), signed.group(2));
                }
                Matcher released = RELEASED.matcher(line);
                if (released.find()) {
                    releasedRefs.addAll(List.of(released.group(1).split(",")));
                }
            });
        }
        Map<String, Set<String>> refsPerHash = new HashMap<>();
        for (String ref : releasedRefs) {
            String hash = hashOfRef.get(ref);
            if (hash != null) {
                refsPerHash.computeIfAbsent(hash, h -> new HashSet<>()).add(ref);
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        refsPerHash.forEach((hash, refs) -> counts.put(hash, refs.size()));
        return counts;
    }
}
