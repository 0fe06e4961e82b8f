package dev.signet.amo.rest;

import jakarta.ws.rs.NotFoundException;

/** The signing API is served under v3 and v4 only (as on AMO, where v5 has a different API). */
final class ApiVersions {

    private ApiVersions() {
    }

    static void check(String api) {
        if (!"v3".equals(api) && !"v4".equals(api)) {
            throw new NotFoundException();
        }
    }
}
