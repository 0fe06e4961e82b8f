package dev.signet.worker.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.model.jobs.Channel;
import dev.signet.model.validation.ValidationReport;
import dev.signet.worker.hostile.Reports;
import dev.signet.worker.validation.ValidationLimits;
import dev.signet.worker.validation.ValidationTarget;
import dev.signet.worker.validation.XpiValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The worker's validator on arbitrary bytes as the uploaded file: it must always end in a report (a pass or
 * failed validation) whose messages a developer can read; an exception, an error or an input that takes more
 * than the timeout is a finding. Seeds: small XPIs under {@code XpiArchiveFuzzTestInputs/validate/}.
 */
class XpiArchiveFuzzTest {

    static final ValidationTarget TARGET = new ValidationTarget("fuzz@signet.dev", "1.0.0", Channel.UNLISTED);
    private static final XpiValidator VALIDATOR = new XpiValidator(ValidationLimits.AMO);
    private static Path upload;

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"PK\\x03\\x04", "PK\\x01\\x02", "PK\\x05\\x06", "PK\\x06\\x06", "PK\\x06\\x07",
            "PK\\x07\\x08", "manifest.json", "META-INF/mozilla.rsa", "background.js", "../", "\"manifest_version\""})
    void validate(byte[] upload) throws IOException {
        assertReport(upload);
    }

    /** Writes the upload to a file as the worker does, validates it, and checks the report is readable. */
    static void assertReport(byte[] upload) throws IOException {
        Path file = uploadFile();
        Files.write(file, upload);
        ValidationReport report = VALIDATOR.validate(file, TARGET);
        assertNotNull(report);
        assertEquals(report.errors() == 0, report.success(), () -> "success disagrees with the errors: " + report);
        Reports.assertReadable(report);
    }

    /** One file for every input of the run: creating and deleting one per input would halve the speed. */
    private static synchronized Path uploadFile() throws IOException {
        if (upload == null) {
            upload = Files.createTempFile("fuzz-upload-", ".xpi");
            upload.toFile().deleteOnExit();
        }
        return upload;
    }
}
