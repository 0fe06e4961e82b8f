package dev.signet.amo.rest;

import jakarta.ws.rs.NotFoundException;

/** The signing API is served under v3 and v4 only (as on AMO, where v5 has a different API). */
final class ApiVersions {

    private ApiVersions() {
    }

    static void check(String api) {
        if (!api.equals("v3") && !api.equals("v4")) {
            throw new NotFoundException();
        }
    }
}
