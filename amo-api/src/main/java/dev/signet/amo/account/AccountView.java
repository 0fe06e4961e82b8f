package dev.signet.amo.account;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An account as the Marketplace login answered it: settings and permissions. */
public record AccountView(long id, Settings settings, Permissions permissions) {

    public record Settings(@JsonProperty("display_name") String displayName, String email,
            @JsonProperty("enable_recommendations") boolean enableRecommendations, String region) {
    }

    public record Permissions(boolean reviewer, boolean admin, boolean localizer, boolean lookup,
            boolean developer) {
    }
}
