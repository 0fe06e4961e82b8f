package dev.signet.amo.rest;

import dev.signet.amo.admission.AdmissionControl;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Admission control for uploads, after the headers and before the body (as {@link AuthFilter}, which it runs
 * ahead of: a refusal then costs no key lookup either). A refused upload's body is never read.
 */
public class AdmissionFilter {

    private final AdmissionControl admission;

    public AdmissionFilter(AdmissionControl admission) {
        this.admission = admission;
    }

    @Admitted
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void admit(RoutingContext http) {
        try {
            admission.admit();
        } catch (RuntimeException e) {
            UnreadBody.closeAfterAnswer(http);
            throw e;
        }
    }
}
