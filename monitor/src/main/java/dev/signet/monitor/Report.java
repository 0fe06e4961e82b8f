package dev.signet.monitor;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The output: one line per signer ({@code RESULT signer-id type days-left detail}, where days-left is the whole
 * days until the soonest expiry of what the signature depends on, or {@code -}), then one summary line. Plain
 * text on stdout, one event per line, as a CronJob's log collector wants it.
 */
final class Report {

    private Report() {
    }

    static Status print(List<SignerResult> results, URI from, PrintStream out) {
        int idWidth = results.stream().mapToInt(r -> r.signerId().length()).max().orElse(0);
        int typeWidth = results.stream().mapToInt(r -> r.type().length()).max().orElse(0);
        Status overall = Status.OK;
        int[] counts = new int[Status.values().length];
        Long soonest = null;
        for (SignerResult r : results) {
            String days = r.daysLeft() == null ? "-" : r.daysLeft() + "d";
            out.println(String.format(Locale.ROOT, "%-4s %-" + idWidth + "s %-" + typeWidth + "s %6s  %s",
                    r.status(), r.signerId(), r.type(), days, oneLine(r.detail())));
            overall = overall.worst(r.status());
            counts[r.status().ordinal()]++;
            if (r.daysLeft() != null && (soonest == null || r.daysLeft() < soonest)) {
                soonest = r.daysLeft();
            }
        }
        out.println(String.format(Locale.ROOT, "signet-monitor %s: %d signer%s at %s: %d OK, %d WARN, %d FAIL%s",
                overall, results.size(), results.size() == 1 ? "" : "s", from, counts[0], counts[1], counts[2],
                soonest == null ? "" : "; soonest expiry in " + soonest + " days"));
        return overall;
    }

    static Status failure(String message, PrintStream out) {
        out.println("signet-monitor FAIL: " + oneLine(message));
        return Status.FAIL;
    }

    private static String oneLine(String s) {
        return Objects.toString(s, "").replaceAll("[\\r\\n\\t]+", " ");
    }
}
