package dev.signet.monitor.chain;

import dev.signet.monitor.verify.VerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The roots given with {@code --roots}: every chain must end at one of them. Without it, each chain is checked to
 * its own last certificate, which then proves only that the chain hangs together, not whom it belongs to.
 */
public record PinnedRoots(List<X509Certificate> roots) {

    public static final PinnedRoots NONE = new PinnedRoots(List.of());

    public PinnedRoots {
        roots = List.copyOf(roots);
    }

    public static PinnedRoots load(Path pemFile) throws VerificationException {
        byte[] pem;
        try {
            pem = Files.readAllBytes(pemFile);
        } catch (IOException e) {
            throw new VerificationException("--roots " + pemFile + ": cannot read it (" + e.getMessage() + ")");
        }
        return new PinnedRoots(Certificates.parse(pem, "--roots " + pemFile));
    }

    public boolean pinned() {
        return !roots.isEmpty();
    }

    boolean contains(X509Certificate c) {
        return roots.stream().anyMatch(r -> Certificates.sameCertificate(r, c));
    }
}
