package dev.signet.infra.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the PostgreSQL server binaries, first match wins:
 * <ol>
 * <li>{@code SIGNET_PG_BIN} (or the system property {@code signet.pg.bin}): a directory holding {@code initdb} and
 * {@code pg_ctl}, or {@code embedded} for the binaries from Maven Central whatever the machine has;</li>
 * <li>the newest {@code /usr/lib/postgresql/<n>/bin} (Debian, Ubuntu), else {@code initdb} on the PATH;</li>
 * <li>the embedded binaries ({@link EmbeddedPostgres}), so a machine with only a JDK runs the real server too.</li>
 * </ol>
 * Only {@code initdb}, {@code pg_ctl} and {@code postgres} are used: no client tools, which the embedded bundle
 * does not have.
 */
record PostgresBinaries(Path dir, boolean embedded) {

    static final String EMBEDDED = "embedded";

    static PostgresBinaries find() throws IOException {
        String choice = System.getProperty("signet.pg.bin", System.getenv("SIGNET_PG_BIN"));
        if (choice != null && choice.trim().equals(EMBEDDED)) {
            return new PostgresBinaries(EmbeddedPostgres.binDir(), true);
        }
        if (choice != null && !choice.isBlank()) {
            return check(Path.of(choice.trim()));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                List<Path> bins = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing(PostgresBinaries::majorVersion).reversed())
                        .toList();
                if (!bins.isEmpty()) {
                    return new PostgresBinaries(bins.get(0), false);
                }
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))) {
                return new PostgresBinaries(Path.of(entry), false);
            }
        }
        return new PostgresBinaries(EmbeddedPostgres.binDir(), true);
    }

    private static PostgresBinaries check(Path dir) throws IOException {
        if (!Files.isExecutable(dir.resolve("initdb")) || !Files.isExecutable(dir.resolve("pg_ctl"))) {
            throw new IOException("postgres: SIGNET_PG_BIN=" + dir + " has no initdb/pg_ctl (unset it to use the "
                    + "installed or the embedded server, or set it to '" + EMBEDDED + "')");
        }
        return new PostgresBinaries(dir, false);
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    String initdb() {
        return dir.resolve("initdb").toString();
    }

    String pgCtl() {
        return dir.resolve("pg_ctl").toString();
    }

    /** The server itself; Debian keeps it beside initdb, a PATH install may only link initdb and pg_ctl. */
    String postgres() throws IOException {
        return dir.resolve("initdb").toRealPath().getParent().resolve("postgres").toString();
    }

    /** For logs and the banner: where the server comes from. */
    String describe() {
        return (embedded ? "embedded, " : "") + dir;
    }
}
