package dev.signet.amo.admission;

import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Sheds new uploads while the signing backlog is over its bounds, so that a burst or a stall cannot grow the
 * backlog (and the status polls of everyone in it) until polling takes the CPU that validation and signing
 * need. A refused upload costs a cached comparison; the uploads already accepted, their polls and their
 * downloads go on being served.
 */
@ApplicationScoped
public class AdmissionControl {

    private static final Logger LOG = Logger.getLogger(AdmissionControl.class);

    private final SigningBacklog backlog;
    private final AmoConfig.Admission config;

    public AdmissionControl(SigningBacklog backlog, AmoConfig config) {
        this.backlog = backlog;
        this.config = config.admission();
    }

    /** Returns when a new upload may be accepted; otherwise throws the 429 to answer it with. */
    public void admit() {
        if (!config.enabled()) {
            return;
        }
        Backlog now = backlog.current();
        boolean tooMany = now.waiting() >= config.maxBacklog();
        boolean tooOld = now.oldestWait().compareTo(config.maxOldestWait()) > 0;
        if (tooMany || tooOld) {
            LOG.debugf("upload refused: %d uploads waiting, the oldest for %s", now.waiting(), now.oldestWait());
            throw AmoException.overloaded(retryAfterSeconds());
        }
    }

    /** Spread over [base, 2 x base], so the clients refused together do not all come back together. */
    private long retryAfterSeconds() {
        long base = Math.max(1, config.retryAfter().toSeconds());
        return base + ThreadLocalRandom.current().nextLong(base + 1);
    }
}
