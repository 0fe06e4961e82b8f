package dev.signet.amo;

/** The review states of a listed version ({@code addon_version.review_status}). */
public final class ReviewState {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    private ReviewState() {
    }
}
