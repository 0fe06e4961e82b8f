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
        if (refuses(now, config)) {
            LOG.debugf("upload refused: %s", now);
            throw AmoException.overloaded(retryAfterSeconds());
        }
    }

    /**
     * Whether a new upload is refused in this state. Past {@code min-backlog}, the bound is the wait a new upload
     * can expect at the recent drain rate rather than a fixed count, so that it follows the capacity of the
     * moment: a cold or slowed pipeline admits fewer uploads than a warm one, and the queue (which is the
     * upload-to-signed latency, and the number of clients polling) stays short either way.
     */
    static boolean refuses(Backlog now, AmoConfig.Admission config) {
        boolean tooMany = now.waiting() >= config.maxBacklog();
        boolean tooOld = now.oldestWait().compareTo(config.maxOldestWait()) > 0;
        boolean tooSlow = now.waiting() >= config.minBacklog()
                && now.expectedWait().compareTo(config.maxExpectedWait()) > 0;
        return tooMany || tooOld || tooSlow;
    }

    /** Spread over [base, 2 x base], so the clients refused together do not all come back together. */
    private long retryAfterSeconds() {
        long base = Math.max(1, config.retryAfter().toSeconds());
        return base + ThreadLocalRandom.current().nextLong(base + 1);
    }
}
