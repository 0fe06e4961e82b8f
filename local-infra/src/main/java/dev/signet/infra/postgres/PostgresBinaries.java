package dev.signet.infra.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the PostgreSQL server binaries: {@code $SIGNET_PG_BIN}, else the newest
 * {@code /usr/lib/postgresql/<n>/bin}, else {@code initdb} on the PATH. Debian's client package puts
 * {@code psql} in /usr/bin, so client tools fall back to the PATH.
 */
record PostgresBinaries(Path dir) {

    static PostgresBinaries find() throws IOException {
        String env = System.getenv("SIGNET_PG_BIN");
        if (env != null && !env.isBlank()) {
            return check(Path.of(env));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                List<Path> bins = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing(PostgresBinaries::majorVersion).reversed())
                        .toList();
                if (!bins.isEmpty()) {
                    return new PostgresBinaries(bins.get(0));
                }
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))) {
                return new PostgresBinaries(Path.of(entry));
            }
        }
        throw new IOException("postgres: no server binaries found (initdb, pg_ctl): install PostgreSQL "
                + "(Debian: apt-get install postgresql) or set SIGNET_PG_BIN");
    }

    private static PostgresBinaries check(Path dir) throws IOException {
        if (!Files.isExecutable(dir.resolve("initdb")) || !Files.isExecutable(dir.resolve("pg_ctl"))) {
            throw new IOException("postgres: SIGNET_PG_BIN=" + dir + " has no initdb/pg_ctl");
        }
        return new PostgresBinaries(dir);
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

    String psql() {
        return tool("psql");
    }

    String createdb() {
        return tool("createdb");
    }

    private String tool(String name) {
        Path local = dir.resolve(name);
        return Files.isExecutable(local) ? local.toString() : name;
    }
}
