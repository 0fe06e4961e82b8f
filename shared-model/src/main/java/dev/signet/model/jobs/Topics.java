package dev.signet.model.jobs;

/** Kafka topic names: the contract between amo-api and validator-worker. */
public final class Topics {
    /** amo-api → validator-worker: an accepted upload to validate and sign. Keyed by upload id. */
    public static final String UPLOAD_JOBS = "signet.upload-jobs";
    /** validator-worker → amo-api: the outcome of one upload job. Keyed by upload id. */
    public static final String UPLOAD_RESULTS = "signet.upload-results";

    private Topics() {
    }
}
