package dev.signet.worker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.model.jobs.Channel;
import dev.signet.model.validation.ValidationReport;
import dev.signet.worker.linter.LinterException;
import dev.signet.worker.linter.LinterPool;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Validates an upload as AMO does, in two passes: ours first ({@link XpiValidator}: zip safety, identity against
 * the submission, signatures, risky permissions), then the real addons-linter with AMO's flags for the channel,
 * only on an archive our pass read safely. One report comes out: the linter's messages and metadata, then ours
 * except where the linter reported the same code. A linter that cannot give a verdict fails the validation.
 */
public final class UploadValidator {

    private static final Logger LOG = Logger.getLogger(UploadValidator.class);
    static final List<String> UNEXPECTED = List.of("validator", "unexpected_exception");

    private final XpiValidator ours;
    private final LinterPool linter;
    private final ObjectMapper mapper;

    public UploadValidator(XpiValidator ours, LinterPool linter, ObjectMapper mapper) {
        this.ours = ours;
        this.linter = linter;
        this.mapper = mapper;
    }

    /**
     * @throws InterruptedIOException or InterruptedException when the caller's timeout interrupts the thread
     */
    public ValidationReport validate(Path xpi, ValidationTarget target)
            throws InterruptedIOException, InterruptedException {
        XpiValidator.Checked checked = ours.check(xpi, target);
        if (!checked.lintable()) {
            return checked.findings().toReport();
        }
        JsonNode linted;
        try {
            linted = linter.lint(xpi, target.channel());
        } catch (LinterException e) {
            LOG.warnf("%s: %s", xpi.getFileName(), e.getMessage());
            return Findings.withError(checked.findings().toReport(), UNEXPECTED,
                    "Sorry, we couldn't load your WebExtension.",
                    "Validation was unable to complete successfully due to an unexpected error: " + e.getMessage()
                            + ".");
        }
        Findings report = new Findings();
        Set<String> linterCodes = LinterFindings.addTo(linted, target.channel() == Channel.LISTED, report, mapper);
        report.merge(checked.findings(), linterCodes);
        return report.toReport();
    }
}
