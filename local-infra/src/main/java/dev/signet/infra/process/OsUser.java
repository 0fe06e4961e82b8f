package dev.signet.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.stream.Stream;

/** Who we run as, and handing directories to another OS user (PostgreSQL refuses to run as root). */
public final class OsUser {

    private OsUser() {
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The unprivileged OS user to run a server as that refuses root (PostgreSQL): {@code postgres} where the OS
     * package made one, else {@code nobody}, which every Linux and macOS has (a container with only a JDK).
     */
    public static String unprivileged(Path probe) throws IOException {
        for (String user : List.of("postgres", "nobody")) {
            try {
                probe.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
                return user;
            } catch (UserPrincipalNotFoundException e) {
                // try the next one
            }
        }
        throw new IOException("running as root needs an unprivileged OS user for PostgreSQL, and neither "
                + "'postgres' nor 'nobody' exists: create one (useradd --system postgres) or run as a normal user");
    }

    /** Recursively gives {@code dir} to {@code user}. */
    public static void chownTree(Path dir, String user) throws IOException {
        UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setOwner(p, owner);
            }
        }
    }
}
