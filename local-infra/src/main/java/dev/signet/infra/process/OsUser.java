package dev.signet.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.stream.Stream;

/** Who we run as, and handing directories to another OS user (PostgreSQL refuses to run as root). */
public final class OsUser {

    private OsUser() {
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
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
