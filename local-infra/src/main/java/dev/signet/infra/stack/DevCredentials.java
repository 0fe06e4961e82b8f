package dev.signet.infra.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The local stack's secrets, generated on first start into {@code <data>/credentials.properties} (mode 0600)
 * and reused after, so restarts keep the same API key. They exist only on this machine: nothing secret is
 * committed to the repository.
 */
public record DevCredentials(
        String amoApiKey,
        String amoApiSecret,
        String amoSecretsKey,
        String workerHawkId,
        String workerHawkKey,
        String monitorHawkKey,
        String amoAdminToken) {

    static final String FILE = "credentials.properties";

    public static DevCredentials loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        SecureRandom random = new SecureRandom();
        if (!Files.exists(file)) {
            Properties p = new Properties();
            p.setProperty("amo.api-key", "user:1:" + random.nextInt(1000));
            p.setProperty("amo.api-secret", hex(random, 32));
            p.setProperty("amo.secrets-key", Base64.getEncoder().encodeToString(bytes(random, 32)));
            p.setProperty("worker.hawk-id", "validator-worker");
            p.setProperty("worker.hawk-key", hex(random, 32));
            p.setProperty("monitor.hawk-key", hex(random, 32));
            Files.createDirectories(dataDir);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            store(file, p);
        }
        Properties p = read(file);
        if (p.getProperty("amo.admin-token") == null) {
            // Added after the first release of the file: data dirs made before get it on their next start.
            p.setProperty("amo.admin-token", hex(random, 32));
            store(file, p);
        }
        return load(file);
    }

    private static void store(Path file, Properties p) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "signet local stack credentials: generated, dev only, never commit");
        }
    }

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    public static DevCredentials load(Path file) throws IOException {
        Properties p = read(file);
        return new DevCredentials(p.getProperty("amo.api-key"), p.getProperty("amo.api-secret"),
                p.getProperty("amo.secrets-key"), p.getProperty("worker.hawk-id"), p.getProperty("worker.hawk-key"),
                p.getProperty("monitor.hawk-key"), p.getProperty("amo.admin-token"));
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String hex(SecureRandom random, int n) {
        return HexFormat.of().formatHex(bytes(random, n));
    }
}
