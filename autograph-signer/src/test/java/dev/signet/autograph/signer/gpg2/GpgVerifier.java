package dev.signet.autograph.signer.gpg2;

import dev.signet.autograph.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** GnuPG's {@code gpg --verify} and {@code gpgv}, with only the given public key in a throw-away home. */
final class GpgVerifier {

    private final String gpg;
    private final String gpgv;
    private final Path home;
    private final Path keyring;

    GpgVerifier(Path dir, byte[] binaryPublicKey) throws IOException {
        this.gpg = ExternalTool.require("gpg", "gnupg");
        this.gpgv = ExternalTool.require("gpgv", "gpgv");
        this.home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        this.keyring = Files.write(dir.resolve("trusted.gpg"), binaryPublicKey);
        Path asc = Files.write(dir.resolve("key.gpg"), binaryPublicKey);
        ExternalTool.Result r = ExternalTool.run(List.of(gpg, "--homedir", home.toString(), "--batch", "--import",
                asc.toString()));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("gpg --import failed\n" + r.output());
        }
    }

    /** Verifies with gpg (answers its status output, or null if it rejected) — file is the signed file or sig. */
    ExternalTool.Result gpgVerify(Path... files) {
        List<String> cmd = new ArrayList<>(List.of(gpg, "--homedir", home.toString(), "--batch", "--status-fd", "1",
                "--verify"));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        return ExternalTool.run(cmd);
    }

    ExternalTool.Result gpgv(Path... files) {
        List<String> cmd = new ArrayList<>(List.of(gpgv, "--homedir", home.toString(), "--status-fd", "1",
                "--keyring", keyring.toString()));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        return ExternalTool.run(cmd);
    }

    /** Home for extra gpg commands in tests. */
    Path home() {
        return home;
    }
}
