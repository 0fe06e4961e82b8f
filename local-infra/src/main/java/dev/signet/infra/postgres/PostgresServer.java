package dev.signet.infra.postgres;

import dev.signet.infra.process.ChildProcess;
import dev.signet.infra.process.OsUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A real PostgreSQL server run from the server binaries ({@code initdb}, {@code pg_ctl}; installed or embedded,
 * see {@link PostgresBinaries}) in a directory of ours, listening only on 127.0.0.1. The cluster is created on
 * first start and reused after (data survives restarts). When we run as root the server runs as an unprivileged
 * OS user ({@link OsUser#unprivileged}), since PostgreSQL refuses to run as root.
 *
 * <p>Layout of {@code baseDir}: {@code pgdata/} (the cluster), {@code password} (the superuser's password,
 * generated once), {@code postgres.log}, and the Unix socket.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "signet";
    public static final String DATABASE = "signet";

    private final Path baseDir;
    private final int port;
    private final PostgresBinaries bin;
    private final String runAs;
    private final String password;
    private boolean durable;
    private boolean running;

    private PostgresServer(Path baseDir, int port, PostgresBinaries bin, String password) throws IOException {
        this.baseDir = baseDir;
        this.port = port;
        this.bin = bin;
        this.runAs = OsUser.isRoot() ? OsUser.unprivileged(baseDir) : null;
        this.password = password;
    }

    /**
     * Creates the cluster if {@code baseDir} has none, starts it on {@code port} and makes sure the
     * {@value #DATABASE} database exists.
     *
     * @param durable false for throwaway test clusters: fsync off, which is much faster and unsafe on crash
     */
    public static PostgresServer start(Path baseDir, int port, boolean durable) throws IOException {
        Files.createDirectories(baseDir);
        PostgresServer server = new PostgresServer(baseDir.toAbsolutePath(), port, PostgresBinaries.find(),
                password(baseDir));
        server.initIfNeeded();
        server.startServer(durable);
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** Where the server binaries come from, e.g. {@code embedded, /var/cache/signet/postgres-.../bin}. */
    public String binaries() {
        return bin.describe();
    }

    private static String password(Path baseDir) throws IOException {
        Path file = baseDir.resolve("password");
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, HexFormat.of().formatHex(random));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.readString(file).trim();
    }

    private Path pgdata() {
        return baseDir.resolve("pgdata");
    }

    private Path log() {
        return baseDir.resolve("postgres.log");
    }

    /**
     * A new cluster is made in {@code pgdata.init/} with its database, then renamed to {@code pgdata/}: a start
     * killed halfway leaves no cluster that looks complete. The database is created in single-user mode, which
     * needs only the server binary (no client tools).
     */
    private void initIfNeeded() throws IOException {
        if (Files.exists(pgdata().resolve("PG_VERSION"))) {
            handOver();
            checkVersion();
            return;
        }
        Path fresh = baseDir.resolve("pgdata.init");
        Trees.delete(fresh);
        handOver();
        checkReachable();
        Path pwfile = baseDir.resolve("pwfile");
        Path sql = baseDir.resolve("createdb.sql");
        try {
            Files.writeString(pwfile, password + "\n");
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(sql, "CREATE DATABASE " + DATABASE + "\n");
            handOver();
            ChildProcess.run("initdb", ChildProcess.as(runAs, List.of(bin.initdb(), "-D", fresh.toString(),
                    "-U", USER, "--pwfile=" + pwfile, "--auth-host=scram-sha-256", "--auth-local=trust",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions")), baseDir.resolve("initdb.log"),
                    Duration.ofMinutes(2));
            ChildProcess.run("postgres --single (create database)", ChildProcess.as(runAs, List.of(bin.postgres(),
                    "--single", "-D", fresh.toString(), "postgres")), sql, baseDir.resolve("initdb.log"),
                    Duration.ofMinutes(1));
        } finally {
            Files.deleteIfExists(pwfile);
            Files.deleteIfExists(sql);
        }
        Files.move(fresh, pgdata(), StandardCopyOption.ATOMIC_MOVE);
    }

    /** As root, a data dir under a home the server's OS user cannot enter fails here with one clear line. */
    private void checkReachable() throws IOException {
        if (runAs == null) {
            return;
        }
        try {
            ChildProcess.run("access check", ChildProcess.as(runAs, List.of("test", "-w", baseDir.toString(), "-a",
                    "-x", bin.initdb())), baseDir.resolve("initdb.log"), Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new IOException("postgres: the OS user '" + runAs + "' that runs PostgreSQL (we are root) cannot "
                    + "reach " + baseDir + " or " + bin.initdb() + ": a parent directory is not enterable by others; "
                    + "use a data dir outside root's home (SIGNET_DATA=/var/tmp/signet-data) or run as a normal user");
        }
    }

    /** A cluster made by another major version (say the OS's 15, now the embedded 17) does not start: say so. */
    private void checkVersion() throws IOException {
        String cluster = Files.readString(pgdata().resolve("PG_VERSION")).trim();
        Path out = baseDir.resolve("version.log");
        Files.deleteIfExists(out);
        ChildProcess.run("pg_ctl --version", List.of(bin.pgCtl(), "--version"), out, Duration.ofSeconds(30));
        String version = Files.readString(out).replaceAll("[^0-9.]+", " ").trim().split(" ")[0];
        if (!version.equals(cluster) && !version.startsWith(cluster + ".")) {
            throw new IOException("postgres: " + pgdata() + " was made by PostgreSQL " + cluster + " but the server "
                    + "binaries (" + bin.describe() + ") are " + version + ": point SIGNET_PG_BIN at a " + cluster
                    + " install, or delete the data (./signet clean)");
        }
    }

    /** PostgreSQL must own its files when it runs as another user than us. */
    private void handOver() throws IOException {
        if (runAs != null) {
            OsUser.chownTree(baseDir, runAs);
        }
    }

    private void startServer(boolean durable) throws IOException {
        this.durable = durable;
        stopLeftover();
        List<String> options = new ArrayList<>(List.of("-p", String.valueOf(port), "-c",
                "listen_addresses=127.0.0.1", "-k", baseDir.toString(), "-c", "max_connections=200"));
        if (!durable) {
            options.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                    "full_page_writes=off"));
        }
        ChildProcess.run("pg_ctl start", ChildProcess.as(runAs, List.of(bin.pgCtl(), "-D", pgdata().toString(),
                "-l", log().toString(), "-o", String.join(" ", options), "-w", "-t", "60", "start")),
                baseDir.resolve("pg_ctl.log"), Duration.ofSeconds(90));
        running = true;
    }

    /** A server left running on our data dir by a killed launcher is stopped first, so start is repeatable. */
    private void stopLeftover() throws IOException {
        if (!Files.exists(pgdata().resolve("postmaster.pid"))) {
            return;
        }
        try {
            ChildProcess.run("pg_ctl status", ChildProcess.as(runAs, List.of(bin.pgCtl(), "-D", pgdata().toString(),
                    "status")), baseDir.resolve("pg_ctl.log"), Duration.ofSeconds(30));
        } catch (IOException notRunning) {
            return;
        }
        ChildProcess.run("pg_ctl stop (leftover)", ChildProcess.as(runAs, List.of(bin.pgCtl(), "-D",
                pgdata().toString(), "-m", "fast", "-w", "-t", "60", "stop")), baseDir.resolve("pg_ctl.log"),
                Duration.ofSeconds(90));
    }

    /**
     * Immediate shutdown ({@code pg_ctl stop -m immediate}): every server process quits at once without a
     * checkpoint, as after a crash; the next start replays the WAL. For fault-injection tests.
     */
    public synchronized void stopImmediately() throws IOException {
        running = false;
        ChildProcess.run("pg_ctl stop -m immediate", ChildProcess.as(runAs, List.of(bin.pgCtl(), "-D",
                pgdata().toString(), "-m", "immediate", "-w", "-t", "60", "stop")), baseDir.resolve("pg_ctl.log"),
                Duration.ofSeconds(90));
    }

    /** Starts the server again on the same cluster and port after {@link #stopImmediately()} or a crash. */
    public synchronized void startAgain() throws IOException {
        startServer(durable);
    }

    /** Stops a server left running on {@code baseDir} by a launcher that is gone ({@code ./signet down}). */
    public static boolean stopIfRunning(Path baseDir) throws IOException {
        Path pgdata = baseDir.toAbsolutePath().resolve("pgdata");
        if (!Files.exists(pgdata.resolve("postmaster.pid"))) {
            return false;
        }
        PostgresServer server = new PostgresServer(baseDir.toAbsolutePath(), 0, PostgresBinaries.find(), "");
        server.stopLeftover();
        return true;
    }

    /** Fast shutdown: active connections are closed, committed data is kept. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            ChildProcess.run("pg_ctl stop", ChildProcess.as(runAs, List.of(bin.pgCtl(), "-D", pgdata().toString(),
                    "-m", "fast", "-w", "-t", "60", "stop")), baseDir.resolve("pg_ctl.log"), Duration.ofSeconds(90));
        } catch (IOException e) {
            System.err.println("postgres: stop failed: " + e.getMessage());
        }
    }
}
