package dev.signet.model.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** AMO distribution channel of a version. */
public enum Channel {
    @JsonProperty("listed")
    LISTED,
    @JsonProperty("unlisted")
    UNLISTED
}
