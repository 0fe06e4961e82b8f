package dev.signet.monitor;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The command line {@code signet-monitor [--warn-days N] [--roots PEM_FILE] [--timeout SECONDS] URL} and the
 * Hawk credentials from the environment.
 */
public record MonitorArgs(URI signer, int warnDays, Path roots, Duration timeout, String hawkId, String hawkKey) {

    public static final String USAGE = """
            usage: signet-monitor [--warn-days N] [--roots PEM_FILE] [--timeout SECONDS] URL
              URL              the signer's base URL; the monitor calls URL/__monitor__
              --warn-days N    WARN when a certificate or key expires within N days (default 15)
              --roots PEM_FILE every certificate chain must end at one of these roots (default: at its own last
                               certificate, which checks that the chain holds together but not whose it is)
              --timeout S      seconds for each HTTP call, the connection included (default 30)
            environment: SIGNET_MONITOR_HAWK_KEY (required), SIGNET_MONITOR_HAWK_ID (default monitor)
            exit code: 0 OK, 1 WARN, 2 FAIL (also for bad arguments)""";

    static final int DEFAULT_WARN_DAYS = 15;
    static final int DEFAULT_TIMEOUT_SECONDS = 30;

    /** A command line the monitor cannot run with; the message says which part. */
    public static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** Asked for {@code --help}. */
    public static final class HelpRequested extends Exception {
        HelpRequested() {
            super(null, null, false, false);
        }
    }

    public static MonitorArgs parse(String[] args, Map<String, String> env) throws UsageException, HelpRequested {
        int warnDays = DEFAULT_WARN_DAYS;
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        Path roots = null;
        String url = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                value = arg.substring(arg.indexOf('=') + 1);
            }
            switch (name) {
                case "-h", "--help" -> throw new HelpRequested();
                case "--warn-days" -> {
                    value = value != null ? value : next(args, ++i, name);
                    warnDays = number(value, name, 0);
                }
                case "--timeout" -> {
                    value = value != null ? value : next(args, ++i, name);
                    timeout = number(value, name, 1);
                }
                case "--roots" -> roots = Path.of(value != null ? value : next(args, ++i, name));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (url != null) {
                        throw new UsageException("one URL only (got " + url + " and " + arg + ")");
                    }
                    url = arg;
                }
            }
        }
        if (url == null) {
            throw new UsageException("the signer's URL is missing");
        }
        String key = env.get("SIGNET_MONITOR_HAWK_KEY");
        if (key == null || key.isEmpty()) {
            throw new UsageException("SIGNET_MONITOR_HAWK_KEY is not set (the signer's monitoring.key)");
        }
        String id = env.getOrDefault("SIGNET_MONITOR_HAWK_ID", "");
        return new MonitorArgs(signerUri(url), warnDays, roots, Duration.ofSeconds(timeout),
                id.isEmpty() ? "monitor" : id, key);
    }

    /** {@code URL/__monitor__}, whatever the base URL's path. */
    public URI monitorUri() {
        String base = signer.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/__monitor__");
    }

    private static URI signerUri(String url) throws UsageException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("URL " + url + " is not a URL: " + e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new UsageException("URL " + url + " must be http://HOST[:PORT] or https://HOST[:PORT]");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException("URL " + url + " must be the signer's base URL, without a query or fragment");
        }
        return uri;
    }

    private static String next(String[] args, int i, String name) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(name + " needs a value");
        }
        return args[i];
    }

    private static int number(String value, String name, int min) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(name + " must be a whole number of at least " + min + " (got \"" + value + "\")");
    }

    @Override
    public String toString() {
        return "MonitorArgs[signer=" + signer + ", warnDays=" + warnDays + ", roots=" + roots + ", timeout="
                + timeout + ", hawkId=" + hawkId + ", hawkKey=<redacted>]";
    }
}
