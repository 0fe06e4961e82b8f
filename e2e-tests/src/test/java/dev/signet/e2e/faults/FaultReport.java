package dev.signet.e2e.faults;

import dev.signet.infra.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fault suite's tally, as a Markdown table for docs/reliability.md, and the targets it missed. */
public final class FaultReport {

    /** Recovery target: the next upload is signed at most this long after the process is back. */
    static final Duration RECOVERY_TARGET = Duration.ofSeconds(15);

    private final List<TrackedUpload> uploads;
    private final ClientErrors errors;
    private final List<FaultEvent> events;
    private final int minimumUploads;
    private final Duration runTime;
    private final List<String> doubleSignedDb;
    private final long duplicateUploadRows;
    private final List<TrackedUpload> doubleSignedAudit;
    private final List<TrackedUpload> signedButNotAudited;

    private FaultReport(List<TrackedUpload> uploads, ClientErrors errors, List<FaultEvent> events, int minimumUploads,
            Duration runTime, List<String> doubleSignedDb, long duplicateUploadRows, Map<String, Integer> audit) {
        this.uploads = uploads;
        this.errors = errors;
        this.events = events;
        this.minimumUploads = minimumUploads;
        this.runTime = runTime;
        this.doubleSignedDb = doubleSignedDb;
        this.duplicateUploadRows = duplicateUploadRows;
        this.doubleSignedAudit = uploads.stream().filter(u -> audit.getOrDefault(u.sha256, 0) > 1).toList();
        this.signedButNotAudited = uploads.stream().filter(u -> u.signed && !audit.containsKey(u.sha256)).toList();
    }

    static FaultReport of(LocalStack stack, List<TrackedUpload> uploads, ClientErrors errors, List<FaultEvent> events,
            int minimumUploads, Duration runTime) throws IOException, SQLException {
        return new FaultReport(uploads, errors, events, minimumUploads, runTime,
                SigningEvidence.doubleSignedInDatabase(stack.postgres(), FaultSuite.GUID_PREFIX),
                SigningEvidence.duplicateUploadRows(stack.postgres(), FaultSuite.GUID_PREFIX),
                SigningEvidence.auditedSignatures(stack.settings().dataDir().resolve("logs/autograph-signer.log")));
    }

    private long count(TrackedUpload.Outcome outcome) {
        return uploads.stream().filter(u -> u.outcome == outcome).count();
    }

    private long accepted() {
        return uploads.stream().filter(TrackedUpload::accepted).count();
    }

    /** Every target the run missed, with the uploads concerned; empty when all were met. */
    public List<String> violations() {
        List<String> missed = new ArrayList<>();
        if (accepted() < minimumUploads) {
            missed.add("only " + accepted() + " uploads accepted, want >= " + minimumUploads);
        }
        addIf(missed, "lost", uploads.stream().filter(u -> u.outcome == TrackedUpload.Outcome.LOST).toList());
        addIf(missed, "stuck", uploads.stream().filter(u -> u.outcome == TrackedUpload.Outcome.STUCK).toList());
        addIf(missed, "final but not signed", uploads.stream()
                .filter(u -> u.outcome == TrackedUpload.Outcome.FINAL_UNSIGNED).toList());
        if (!doubleSignedDb.isEmpty()) {
            missed.add("double-signed in the database: " + doubleSignedDb);
        }
        if (errors.unexpected5xx.get() > 0) {
            missed.add(errors.unexpected5xx.get() + " answers were a 5xx other than 503 with Retry-After");
        }
        addIf(missed, "double-signed per the signer's audit log", doubleSignedAudit);
        addIf(missed, "signed but absent from the audit log (audit check blind?)", signedButNotAudited);
        for (FaultEvent e : events) {
            Duration recovery = e.recovery();
            if (recovery == null || recovery.compareTo(RECOVERY_TARGET) > 0) {
                missed.add(e.fault().description + ": recovery " + (recovery == null ? "none within "
                        + FaultSuite.RECOVERY_WINDOW.toSeconds() + " s" : seconds(recovery)) + ", want <= "
                        + RECOVERY_TARGET.toSeconds() + " s");
            }
        }
        return missed;
    }

    private static void addIf(List<String> missed, String what, List<TrackedUpload> concerned) {
        if (!concerned.isEmpty()) {
            missed.add(concerned.size() + " " + what + ", e.g. " + concerned.subList(0, Math.min(3, concerned.size())));
        }
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| measure | value | target |\n|---|---|---|\n");
        row(md, "uploads started", uploads.size(), "");
        row(md, "accepted (2xx on PUT, or 409 on a retry after a lost answer)", accepted()
                + " (" + uploads.stream().filter(u -> u.acceptedOnRetry).count() + " by 409 on retry)",
                ">= " + minimumUploads);
        row(md, "final (processed)", count(TrackedUpload.Outcome.SIGNED) + count(TrackedUpload.Outcome.FINAL_UNSIGNED),
                "= accepted");
        row(md, "signed", count(TrackedUpload.Outcome.SIGNED), "= accepted");
        row(md, "lost (accepted, unknown later)", count(TrackedUpload.Outcome.LOST), "0");
        row(md, "stuck (not final " + FaultSuite.STUCK_AFTER.toSeconds() + " s after the last fault)",
                count(TrackedUpload.Outcome.STUCK), "0");
        row(md, "double-signed, database (versions with > 1 signed upload row)", doubleSignedDb.size(), "0");
        row(md, "double-signed, signer audit log (> 1 signature of the same XPI)", doubleSignedAudit.size(), "0");
        row(md, "duplicate upload rows for one version", duplicateUploadRows, "");
        row(md, "PUT 5xx / connection errors (then retried)", errors.put5xx.get() + " / "
                + errors.putConnectionErrors.get(), "");
        row(md, "PUT 429 from admission control (then retried after Retry-After)", errors.putRefused.get(), "");
        row(md, "PUT other 4xx (gave up)", errors.putOther4xx.get(), "0");
        row(md, "5xx other than 503 with Retry-After (PUT and GET)", errors.unexpected5xx.get(), "0");
        row(md, "GET 5xx / connection errors / 404 after accept", errors.get5xx.get() + " / "
                + errors.getConnectionErrors.get() + " / " + errors.getNotFoundAfterAccept.get(), "");
        row(md, "run time", seconds(runTime), "");
        md.append("\n| fault | pid | down until back | recovery (back → next upload signed) | target |\n")
                .append("|---|---|---|---|---|\n");
        for (FaultEvent e : events) {
            md.append("| ").append(e.fault().description).append(" | ").append(e.pid() < 0 ? "" : e.pid())
                    .append(" | ").append(seconds(e.downtime())).append(" | ")
                    .append(e.recovery() == null ? "none within " + FaultSuite.RECOVERY_WINDOW.toSeconds() + " s"
                            : seconds(e.recovery()))
                    .append(" | <= ").append(RECOVERY_TARGET.toSeconds()).append(" s |\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String measure, Object value, String target) {
        md.append("| ").append(measure).append(" | ").append(value).append(" | ").append(target).append(" |\n");
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** Writes the table to {@code file} (under target/) and returns it. */
    public String write(Path file) throws IOException {
        String md = markdown();
        Files.createDirectories(file.getParent());
        Files.writeString(file, md);
        return md;
    }
}
