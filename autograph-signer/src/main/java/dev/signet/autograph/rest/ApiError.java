package dev.signet.autograph.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The one error body of this service. */
public record ApiError(String error, @JsonProperty("request_id") String requestId) {
}
