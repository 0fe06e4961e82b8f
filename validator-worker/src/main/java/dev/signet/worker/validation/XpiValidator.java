package dev.signet.worker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.model.validation.ValidationReport;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Validates an uploaded XPI as a straight line of steps: read the archive safely (scanning scripts and pages as
 * they are inflated), look for existing signatures, parse the manifest, check the manifest, its permissions and
 * its content security policy. Each step reports into the same {@link Findings}; a step that cannot continue
 * ends the line.
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
     * Validates the file at {@code xpi}.
     *
     * @throws InterruptedIOException when the calling thread is interrupted (the caller's timeout)
     */
    public ValidationReport validate(Path xpi, ValidationTarget target) throws InterruptedIOException {
        Findings findings = new Findings();
        CodeScanner code = new CodeScanner();
        Optional<XpiContents> contents = reader.read(xpi, findings, code);
        if (contents.isPresent()) {
            SignatureFiles.check(contents.get(), findings);
            Optional<JsonNode> manifest = manifestParser.parse(contents.get(), findings);
            manifest.ifPresent(m -> {
                ManifestChecks.check(m, target, findings);
                PermissionChecks.check(m, findings);
                CspChecks.check(m, findings);
            });
            findings.metadata("totalScannedFileSize", code.scannedSize());
        }
        return findings.toReport();
    }
}
