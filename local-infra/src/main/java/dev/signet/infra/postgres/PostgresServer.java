package dev.signet.infra.postgres;

import dev.signet.infra.process.ChildProcess;
import dev.signet.infra.process.OsUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A real PostgreSQL server run from the installed server binaries ({@code initdb}, {@code pg_ctl}) in a
 * directory of ours, listening only on 127.0.0.1. The cluster is created on first start and reused after
 * (data survives restarts). When we run as root the server runs as the {@code postgres} OS user, since
 * PostgreSQL refuses to run as root.
 *
 * <p>Layout of {@code baseDir}: {@code pgdata/} (the cluster), {@code password} (the superuser's password,
 * generated once), {@code postgres.log}, and the Unix socket.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "signet";
    public static final String DATABASE = "signet";
    private static final String OS_USER = "postgres";

    private final Path baseDir;
    private final int port;
    private final PostgresBinaries bin;
    private final String runAs;
    private final String password;
    private boolean durable;
    private boolean running;

    private PostgresServer(Path baseDir, int port, PostgresBinaries bin, String password) {
        this.baseDir = baseDir;
        this.port = port;
        this.bin = bin;
        this.runAs = OsUser.isRoot() ? OS_USER : null;
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
        server.createDatabaseIfNeeded();
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

    private void initIfNeeded() throws IOException {
        if (Files.exists(pgdata().resolve("PG_VERSION"))) {
            handOver();
            return;
        }
        Path pwfile = baseDir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        handOver();
        try {
            ChildProcess.run("initdb", ChildProcess.as(runAs, List.of(bin.initdb(), "-D", pgdata().toString(),
                    "-U", USER, "--pwfile=" + pwfile, "--auth-host=scram-sha-256", "--auth-local=trust",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions")), baseDir.resolve("initdb.log"),
                    Duration.ofMinutes(2));
        } finally {
            Files.deleteIfExists(pwfile);
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

    private void createDatabaseIfNeeded() throws IOException {
        Path out = baseDir.resolve("createdb.log");
        List<String> probe = List.of(bin.psql(), "-h", baseDir.toString(), "-p", String.valueOf(port), "-U", USER,
                "-d", "postgres", "-tAc", "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
        Files.deleteIfExists(out);
        ChildProcess.run("psql", ChildProcess.as(runAs, probe), out, Duration.ofSeconds(30));
        if (!Files.readString(out).contains("1")) {
            ChildProcess.run("createdb", ChildProcess.as(runAs, List.of(bin.createdb(), "-h", baseDir.toString(),
                    "-p", String.valueOf(port), "-U", USER, DATABASE)), out, Duration.ofSeconds(30));
        }
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
