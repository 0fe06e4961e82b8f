package dev.signet.monitor;

import dev.signet.hawk.HawkCredentials;
import dev.signet.monitor.chain.ChainVerifier;
import dev.signet.monitor.chain.PinnedRoots;
import dev.signet.monitor.client.CallException;
import dev.signet.monitor.client.MonitorClient;
import dev.signet.monitor.client.X5uFetcher;
import dev.signet.monitor.verify.VerificationException;
import dev.signet.monitor.verify.Verifiers;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code signet-monitor [--warn-days N] [--roots PEM_FILE] [--timeout SECONDS] URL}: calls the signer's
 * {@code /__monitor__} as Autograph's monitor does, verifies every signature it answers, and exits 0 (OK), 1
 * (WARN) or 2 (FAIL). Never a stack trace: every failure is one line that says what failed.
 */
public final class MonitorMain {

    /** What every signer signs for the monitor (Autograph's {@code AUTOGRAPH MONITORING}). */
    static final byte[] MONITORING_INPUT = "AUTOGRAPH MONITORING".getBytes(StandardCharsets.US_ASCII);

    private MonitorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        MonitorArgs parsed;
        try {
            parsed = MonitorArgs.parse(args, env);
        } catch (MonitorArgs.HelpRequested e) {
            out.println(MonitorArgs.USAGE);
            return Status.OK.exitCode();
        } catch (MonitorArgs.UsageException e) {
            err.println("signet-monitor: " + e.getMessage());
            err.println(MonitorArgs.USAGE);
            return Status.FAIL.exitCode();
        }
        try {
            return check(parsed, out).exitCode();
        } catch (RuntimeException | LinkageError e) {
            return Report.failure("internal error: " + e, out).exitCode();
        }
    }

    static Status check(MonitorArgs args, PrintStream out) {
        PinnedRoots roots;
        try {
            roots = args.roots() == null ? PinnedRoots.NONE : PinnedRoots.load(args.roots());
        } catch (VerificationException e) {
            return Report.failure(e.getMessage(), out);
        }
        Clock clock = Clock.systemUTC();
        Duration timeout = args.timeout();
        // No redirects for the Hawk-signed call (the MAC covers one URL); a chain may sit behind a CDN redirect.
        HttpClient signerHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpClient x5uHttp = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        MonitorClient client = new MonitorClient(signerHttp, args.monitorUri(),
                HawkCredentials.of(args.hawkId(), args.hawkKey()), timeout);
        Verifiers verifiers = Verifiers.standard(MONITORING_INPUT, new X5uFetcher(x5uHttp, timeout),
                new ChainVerifier(roots, clock));
        try {
            var responses = client.fetch();
            var results = new Monitor(verifiers, Duration.ofDays(args.warnDays()), clock).judge(responses);
            return Report.print(results, client.uri(), out);
        } catch (CallException e) {
            return Report.failure(e.getMessage(), out);
        }
    }
}
