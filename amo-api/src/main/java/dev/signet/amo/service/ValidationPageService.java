package dev.signet.amo.service;

import dev.signet.amo.Upload;
import dev.signet.amo.auth.ValidationPageToken;
import dev.signet.amo.error.AmoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Finds the upload behind a validation page URL; a wrong token is indistinguishable from an unknown upload. */
@ApplicationScoped
public class ValidationPageService {

    private final ValidationPageToken tokens;

    public ValidationPageService(ValidationPageToken tokens) {
        this.tokens = tokens;
    }

    /** What the page shows. {@code validation} is the stored report JSON, null while pending. */
    public record Report(String guid, String version, boolean processed, boolean valid, String validation) {
    }

    @Transactional
    public Report find(String pk, String token) {
        UUID id = StatusService.parse(pk).filter(u -> tokens.matches(u, token))
                .orElseThrow(() -> AmoException.notFound("Not found."));
        Upload upload = Upload.findById(id);
        if (upload == null) {
            throw AmoException.notFound("Not found.");
        }
        return new Report(upload.guid, upload.version, upload.processed(), Boolean.TRUE.equals(upload.valid),
                upload.validation);
    }
}
