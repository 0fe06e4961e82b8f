package dev.signet.worker.validation;

import dev.signet.model.validation.ValidationReport;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Our own pass over an upload, in front of the linter, as a straight line of steps: read the archive safely,
 * look for existing signatures, then check the manifest against the submission and flag risky permissions. Each
 * step reports into the same {@link Findings}; an archive that cannot be read safely ends the line.
 */
public final class XpiValidator {

    /** Manifests are small; anything beyond this is not a manifest worth parsing. */
    private static final long MAX_MANIFEST_SIZE = 4L << 20;

    private final XpiReader reader;
    private final ManifestParser manifestParser = new ManifestParser();

    public XpiValidator(ValidationLimits limits) {
        this.reader = new XpiReader(limits,
                name -> name.equals(ManifestParser.FILE) || name.equals(SignatureFiles.MOZILLA_RSA), MAX_MANIFEST_SIZE);
    }

    /**
     * What our pass found, and whether the archive is safe to hand to the linter.
     *
     * @param lintable the archive was read to the end without a safety error
     */
    public record Checked(Findings findings, boolean lintable) {
    }

    /**
     * Checks the file at {@code xpi}.
     *
     * @throws InterruptedIOException when the calling thread is interrupted (the caller's timeout)
     */
    public Checked check(Path xpi, ValidationTarget target) throws InterruptedIOException {
        Findings findings = new Findings();
        Optional<XpiContents> contents = reader.read(xpi, findings);
        if (contents.isEmpty() || findings.hasErrors()) {
            return new Checked(findings, false);
        }
        SignatureFiles.check(contents.get(), findings);
        manifestParser.parse(contents.get()).ifPresent(manifest -> {
            IdentityChecks.check(manifest, target, findings);
            PermissionChecks.check(manifest, findings);
        });
        return new Checked(findings, true);
    }

    /** Our pass alone, as a report: what the hostile-input and fuzz tests look at. */
    public ValidationReport validate(Path xpi, ValidationTarget target) throws InterruptedIOException {
        return check(xpi, target).findings().toReport();
    }
}
