package dev.signet.e2e;

import dev.signet.infra.stack.DevCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scans every log a stack wrote for what must never be there: the stack's own secrets (API secret, secrets key,
 * Hawk keys, admin token), a JWT, a Hawk MAC, or a private key. Run after the suites that exercise the most
 * paths (crashes, retries, refusals), so error logging is covered too.
 */
public final class LogSecrets {

    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}"),
            Pattern.compile("mac=\"[A-Za-z0-9+/=]{20,}\""),
            Pattern.compile("PRIVATE KEY-----"));

    private LogSecrets() {
    }

    /** The lines that leak, as {@code file:line: what}; empty when none does. */
    static List<String> leaks(Path logs, DevCredentials credentials) throws IOException {
        return leaks(logs, credentials, List.of());
    }

    /** As above, and also {@code extra}: what a test itself typed or was given (passwords, tokens, secrets). */
    public static List<String> leaks(Path logs, DevCredentials credentials, List<String> extra) throws IOException {
        List<String> secrets = new ArrayList<>(extra);
        for (String value : List.of(credentials.amoApiSecret(), credentials.amoSecretsKey(),
                credentials.workerHawkKey(), credentials.monitorHawkKey(), credentials.amoAdminToken())) {
            if (value != null && value.length() >= 8) {
                secrets.add(value);
            }
        }
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(logs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        if (files.isEmpty()) {
            throw new AssertionError("no logs under " + logs + ": nothing was scanned");
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                for (String secret : secrets) {
                    if (line.contains(secret)) {
                        found.add(file.getFileName() + ":" + (i + 1) + ": a stack secret");
                    }
                }
                for (Pattern shape : SHAPES) {
                    if (shape.matcher(line).find()) {
                        found.add(file.getFileName() + ":" + (i + 1) + ": " + shape.pattern());
                    }
                }
            }
        }
        return found;
    }
}
