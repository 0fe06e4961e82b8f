package dev.signet.monitor;

import dev.signet.model.signer.SignatureResponse;
import dev.signet.monitor.client.Failures;
import dev.signet.monitor.verify.ResponseVerifier;
import dev.signet.monitor.verify.VerificationException;
import dev.signet.monitor.verify.Verified;
import dev.signet.monitor.verify.Verifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges each signer's answer: FAIL when it does not verify; WARN when it verifies but a certificate (or key) it
 * depends on expires within the warning window, or when its type is one this monitor cannot verify; else OK.
 */
public final class Monitor {

    private final Verifiers verifiers;
    private final Duration warnWithin;
    private final Clock clock;

    public Monitor(Verifiers verifiers, Duration warnWithin, Clock clock) {
        this.verifiers = verifiers;
        this.warnWithin = warnWithin;
        this.clock = clock;
    }

    public List<SignerResult> judge(List<SignatureResponse> responses) {
        List<SignerResult> results = new ArrayList<>(responses.size());
        for (SignatureResponse r : responses) {
            results.add(judge(r));
        }
        return results;
    }

    SignerResult judge(SignatureResponse r) {
        String id = r.signerId() == null || r.signerId().isEmpty() ? "(no signer_id)" : r.signerId();
        if (r.type() == null || r.type().isEmpty()) {
            return new SignerResult(id, "(no type)", Status.FAIL, null, "the answer has no type");
        }
        if (r.signerId() == null || r.signerId().isEmpty()) {
            return new SignerResult(id, r.type(), Status.FAIL, null, "the answer has no signer_id");
        }
        String type = r.type();
        Optional<ResponseVerifier> verifier = verifiers.forType(type);
        if (verifier.isEmpty()) {
            // Not FAIL: nothing is known to be wrong, and a signer that cannot sign at all already fails the call;
            // but not OK either: nobody checked this signer's signatures (docs/operations.md).
            return new SignerResult(id, type, Status.WARN, null, "not verified: this monitor does not know type \""
                    + type + "\"");
        }
        Verified verified;
        try {
            verified = verifier.get().verify(r);
        } catch (VerificationException e) {
            return new SignerResult(id, type, Status.FAIL, null, e.getMessage());
        } catch (RuntimeException e) {
            // A verifier library choking on malformed input: still this signer's FAIL, with what it said.
            return new SignerResult(id, type, Status.FAIL, null, "cannot verify: " + Failures.describe(e));
        }
        Instant now = clock.instant();
        Instant expiry = verified.soonestExpiry();
        if (expiry == null) {
            return new SignerResult(id, type, Status.OK, null, verified.what());
        }
        long days = Math.floorDiv(Duration.between(now, expiry).getSeconds(), 86_400L);
        if (expiry.isBefore(now.plus(warnWithin))) {
            return new SignerResult(id, type, Status.WARN, days, "expires on " + expiry + " (within "
                    + warnWithin.toDays() + " days); " + verified.what());
        }
        return new SignerResult(id, type, Status.OK, days, verified.what());
    }
}
