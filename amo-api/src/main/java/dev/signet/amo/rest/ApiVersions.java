package dev.signet.amo.rest;

import jakarta.ws.rs.NotFoundException;

/**
 * The signing API is served under v3 and v4, the submission API under v5 (as on AMO); routes without an
 * {@code {api}} segment have their version in their path.
 */
final class ApiVersions {

    private ApiVersions() {
    }

    /** The v3/v4 signing routes: v5 has other ones. */
    static void checkSigning(String api) {
        if (!"v3".equals(api) && !"v4".equals(api)) {
            throw new NotFoundException();
        }
    }

    static void check(String api) {
        if (api != null && !"v3".equals(api) && !"v4".equals(api) && !"v5".equals(api)) {
            throw new NotFoundException();
        }
    }
}
