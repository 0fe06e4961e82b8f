package dev.signet.amo.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An API credential of an account: a JWT key ({@code user:<id>:<n>}) or an OAuth 1.0a consumer key. The secret is
 * set only in the answer that created the credential; nothing can show it again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Credential(String type, String key, boolean active, Instant created, Instant revoked, String secret) {

    public static final String JWT = "jwt";
    public static final String OAUTH = "oauth";
}
